package app

import (
	"time"

	"innkeep/store"
)

// Guest is a guest's profile. The identity document number is sensitive
// and stored encrypted.
type Guest struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Phone       string     `json:"phone"`
	Email       string     `json:"email"`
	Nationality string     `json:"nationality"` // ISO 3166-1 alpha-2
	IDDocument  IDDocument `json:"id_document"`
	Notes       string     `json:"notes"`
	MergedInto  string     `json:"merged_into"` // set on a duplicate merged into another profile
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// IDDocument is a guest's identity document.
type IDDocument struct {
	Type   string `json:"type"`   // passport, id_card, driving_licence, other
	Number string `json:"number"` // ciphertext (see Keyring)
}

var guests = store.NewCollection[Guest]("guest")

func guestKind() store.Kind {
	return store.Kind{Name: "guest", Indexes: []store.Index{
		{Name: "search", Keys: func(d store.Doc) []string {
			if stringField(d, "merged_into") != "" {
				return nil
			}
			words := searchWords(stringField(d, "name"), stringField(d, "phone"))
			if e := foldKey(stringField(d, "email")); e != "" {
				words = append(words, e)
			}
			return words
		}},
	}}
}
