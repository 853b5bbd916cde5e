package access_test

import (
	"context"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/apptest"
	"innkeep/app/property"
)

func TestSecurityWeakPasswordsAreRefusedWithTheirReason(t *testing.T) {
	hotels := []string{"Harbour Inn", "Pudong Grand"}
	tests := []struct {
		password string
		key      string // "" when the password is accepted
	}{
		{"aaaaaaaaaa", "access.password_repeats"},
		{"          ", "access.password_blank"},
		{"0000000000", "access.password_repeats"},
		{"abcabcabca", "access.password_repeats"},
		{"passwordpassword", "access.password_repeats"},
		{"abcdefghij", "access.password_sequence"},
		{"9876543210", "access.password_sequence"},
		{"qwertyuiop", "access.password_sequence"},
		{"poiuytrewq", "access.password_sequence"},
		{"abcdef1234", "access.password_sequence"},
		{"1qaz2wsx3edc", "access.password_sequence"},
		{"innkeep123", "access.password_has_product_name"},
		{"My InnKeep password!", "access.password_has_product_name"},
		{"hotel12345", "access.password_word_and_digits"},
		{"Reception2026!", "access.password_word_and_digits"},
		{"harbourinn2026", "access.password_has_hotel_name"},
		{"Harbour-Inn-99", "access.password_has_hotel_name"},
		{"Pudong2026!!", "access.password_has_hotel_name"},
		{"alice-in-wonderland", "access.password_has_username"},
		{"sunshine123", "access.password_too_common"},
		{"Basketball", "access.password_too_common"},
		{"short", "access.password_too_short"},
		{"correct horse battery", ""},
		{"tea at the harbour at 5", ""},
		{"7KQ2-M9XD-4TRB", ""},
		{"北京的秋天很美丽啊", "access.password_too_short"},
		{"北京的秋天很美丽啊真好", ""},
	}
	for _, tt := range tests {
		t.Run(tt.password, func(t *testing.T) {
			err := access.CheckPasswordPolicy("alice", tt.password, hotels...)
			if tt.key == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *app.Error
			if app.ErrorCode(err) != app.EINVALID || !asAppError(err, &e) || e.Key != tt.key {
				t.Fatalf("err = %v, want invalid with key %s", err, tt.key)
			}
		})
	}
}

func asAppError(err error, e **app.Error) bool {
	ae, ok := err.(*app.Error)
	*e = ae
	return ok
}

func TestTheBreachedPasswordListIsLargeAndSorted(t *testing.T) {
	if n := access.CommonPasswordCount(); n < 40000 {
		t.Errorf("%d breached passwords, want the full list (over 40,000)", n)
	}
	for _, p := range []string{"sunshine123", "iloveyou123", "liverpool1", "basketball"} {
		if err := access.CheckPasswordPolicy("", p); !strings.Contains(app.ErrorMessage(err), "leaked") {
			t.Errorf("%s: %v, want it refused as leaked", p, err)
		}
	}
}

func TestTheHotelsInTheStoreAreRefusedInPasswords(t *testing.T) {
	k, admin := newKit(t, apptest.Options{})
	ctx := context.Background()
	if _, err := k.Property.CreateHotel(ctx, admin, property.HotelInput{Name: "Seaview Lodge", TimeZone: "UTC", Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{"harbourinn!!77", "SeaviewLodge2026", "seaview 2026!"} {
		_, err := k.Access.CreateUser(ctx, admin, access.UserInput{Username: "bob", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: pw})
		var e *app.Error
		if !asAppError(err, &e) || e.Key != "access.password_has_hotel_name" {
			t.Errorf("%s: %v, want access.password_has_hotel_name", pw, err)
		}
	}
}
