// Package lan decides who may connect to `innkeep serve` and how: the
// listener that the LAN server accepts its connections through, and the
// certificate it serves HTTPS with. It is infrastructure, like
// app/datadir: it knows nothing of hotels.
//
// The contract, in the order a connection meets it:
//
//   - Allow list (AllowList, ParseAllow, DefaultAllow): a connection from
//     an address outside the list is closed at accept, before any byte of
//     it is read. The default is the host's own subnets (the prefixes of
//     its interfaces' addresses) and loopback; "any" allows everyone.
//   - Connection caps (Options.PerAddress, Options.Total): at most
//     PerAddress connections are open at once from one address (the exact
//     address, as the sign-in throttle counts: on a LAN every IPv6 device
//     shares one /64), and at most Total in all, which also bounds a client
//     that uses many addresses. A connection over either cap is closed at accept.
//     A connection counts from accept until it is closed, whatever it is
//     doing, so slow clients cannot hold more than their share. Loopback is
//     not exempt.
//   - TLS (Options.TLS): when set, the first byte of each connection is
//     read, within Options.SniffTimeout. 0x16 opens a TLS handshake: the
//     connection is handed to the server as a *tls.Conn (so net/http sets
//     Request.TLS). Anything else is taken for plain HTTP on the TLS port:
//     its request head is read (bounded in size and time) and answered
//     with a 308 redirect to the same host, port and path over https, and
//     the connection is closed; the server never sees it.
//
// Refusals are logged, at most one line per reason per LogEvery, with the
// number left unlogged since the last line, so a flood cannot fill the log.
//
// Certificates (SelfSigned, LoadPair): SelfSigned keeps an ECDSA P-256
// certificate and its key in the data folder (tls.crt, and tls.key with
// mode 0600), made on first use and written atomically. It is made again
// when it expires within RenewBefore, when it does not name a required
// name (the host's name, localhost, the --addr host), or when the files
// are damaged or do not match; otherwise it is reused, with the same
// fingerprint, even when the host has addresses it does not name
// (Cert.Unnamed, for the server to log). A stored tls.key that others may
// read is refused. LoadPair uses a certificate and key that the hotel's
// administrator provides, and never writes them. Fingerprint is the SHA-256
// of the certificate as staff compare it on a tablet: colon-separated
// upper-case hex, as browsers show it.
package lan
