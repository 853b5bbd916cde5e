package lan

import "innkeep/app"

// Messages returns the translations of this package's messages; English
// sits with each message where it is made (see app.E).
func Messages() app.Translations { return app.Translations{app.LangZH: zhCN} }

var zhCN = app.Catalog{
	// The allow list (--allow).
	"lan.bad_allow_entry": "“{entry}”不是地址范围（如 192.168.1.0/24 或 fd00::/8）、地址或“any”",
	"lan.empty_allow":     "允许列表为空：请填写地址范围（如 192.168.1.0/24）或“any”",

	// Certificates.
	"lan.cannot_write_cert": "无法写入 {path}：{reason}",
	"lan.file_missing":      "{path} 不存在",
	"lan.cannot_read_file":  "无法读取 {path}：{reason}",
	"lan.not_a_certificate": "{path} 中没有 PEM 格式的证书",
	"lan.bad_certificate":   "无法读取 {path} 中的证书：{reason}",
	"lan.not_a_key":         "{path} 中没有 PEM 格式的私钥",
	"lan.key_mismatch":      "{key} 中的私钥与 {cert} 中的证书不匹配",
}
