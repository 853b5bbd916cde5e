package booking

import (
	"cmp"
	"errors"

	"innkeep/app"
	"innkeep/app/company"
	"innkeep/store"
)

// The company and the travel agent of a booking (app/company): a booking
// names at most one of each, every reservation of it copies them with their
// names as booked (for lists and search) and the agent's commission as
// agreed then, which later changes of the profile do not move.

// bookingProfiles is the company and the agent a booking or a change names.
type bookingProfiles struct {
	company, agent *company.Profile
}

// loadBookingProfiles reads the company companyID and the agent agentID
// ("" for none) for a booking at hotel hotelID: one read each. Naming one
// needs companies.view. Returns EINVALID when a profile is not of the
// hotel, of the other kind or archived.
func loadBookingProfiles(tx *store.Tx, a app.Actor, hotelID, companyID, agentID string) (bookingProfiles, error) {
	var out bookingProfiles
	if companyID == "" && agentID == "" {
		return out, nil
	}
	if err := a.Require(app.Perm("companies", "view")); err != nil {
		return out, err
	}
	for _, x := range []struct {
		id, kind string
		to       **company.Profile
	}{{companyID, company.KindCompany, &out.company}, {agentID, company.KindTravelAgent, &out.agent}} {
		if x.id == "" {
			continue
		}
		p, err := company.ForBooking(tx, hotelID, x.id, x.kind)
		if err != nil {
			return out, err
		}
		*x.to = &p
	}
	return out, nil
}

// apply copies the profiles onto r.
func (b bookingProfiles) apply(r *Reservation) {
	if b.company != nil {
		r.CompanyID, r.CompanyName = b.company.ID, b.company.Name
	}
	if b.agent != nil {
		r.AgentID, r.AgentName, r.AgentCommission = b.agent.ID, b.agent.Name, b.agent.Commission
	}
}

// changeProfiles applies to r the company and agent that patch p sets: ""
// removes one, another id names a profile of r's hotel that is not
// archived. A profile left as it was is not read again, so a reservation
// keeps an archived profile it was booked with.
func changeProfiles(tx *store.Tx, a app.Actor, r *Reservation, p ReservationPatch) error {
	companyID, agentID := "", ""
	if p.CompanyID != nil && *p.CompanyID != r.CompanyID {
		if companyID = *p.CompanyID; companyID == "" {
			r.CompanyID, r.CompanyName = "", ""
		}
	}
	if p.AgentID != nil && *p.AgentID != r.AgentID {
		if agentID = *p.AgentID; agentID == "" {
			r.AgentID, r.AgentName, r.AgentCommission = "", "", 0
		}
	}
	b, err := loadBookingProfiles(tx, a, r.HotelID, companyID, agentID)
	if err != nil {
		return err
	}
	b.apply(r)
	return nil
}

// profileKeys returns the keys of r in IndexReservationProfile: the ids of
// its company and its agent.
func profileKeys(r Reservation) []string {
	var keys []string
	for _, id := range []string{r.CompanyID, r.AgentID} {
		if id != "" {
			keys = append(keys, id)
		}
	}
	return keys
}

// NamingProfile implements company.Bookings.
func (s *Service) NamingProfile(tx *store.Tx, id string) (string, bool, error) {
	code := ""
	err := tx.ScanPrefix(KindReservation, IndexReservationProfile, id, func(k, rid string) error {
		if k != id {
			return nil
		}
		r, err := Reservations.Get(tx, rid)
		if err != nil {
			return err
		}
		code = r.Code
		return errScanDone
	})
	if err != nil && !errors.Is(err, errScanDone) {
		return "", false, err
	}
	return code, code != "", nil
}

// profileReservations returns the ids of the reservations that name
// profile id (a company or an agent).
func profileReservations(tx *store.Tx, id string) ([]string, error) {
	var ids []string
	err := tx.ScanPrefix(KindReservation, IndexReservationProfile, id, func(k, rid string) error {
		if k == id {
			ids = append(ids, rid)
		}
		return nil
	})
	return ids, err
}

// matchesProfiles reports whether r is of the company and agent f names.
func (f ReservationFilter) matchesProfiles(r Reservation) bool {
	return (f.CompanyID == "" || r.CompanyID == f.CompanyID) && (f.AgentID == "" || r.AgentID == f.AgentID)
}

// profileID returns the profile whose reservations f reads from the
// index: its company, else its agent.
func (f ReservationFilter) profileID() string { return cmp.Or(f.CompanyID, f.AgentID) }
