package main_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A group booking as a new user makes one: a room type, rooms added
// several at once, a rate plan with its own tiered cancellation policy and
// a company, then three rooms booked together under a group name for the
// company with one room's price changed before booking. One room is
// cancelled inside a tier, which charges that tier's share of its agreed
// total, and reinstated, which waives the fee.

type e2eGroupReservation struct {
	e2eReservation
	GroupID     string `json:"group_id"`
	CompanyID   string `json:"company_id"`
	CompanyName string `json:"company_name"`
	Nights      []struct {
		Date      string `json:"date"`
		Price     int64  `json:"price"`
		RatePrice int64  `json:"rate_price"`
		Adjusted  string `json:"adjusted"`
	} `json:"nights"`
	PriceHistory []struct {
		Reason string `json:"reason"`
	} `json:"price_history"`
	Tax *struct {
		RateBP int   `json:"rate_bp"`
		Gross  int64 `json:"gross"`
	} `json:"tax"`
	Fees []struct {
		ID     string `json:"id"`
		Kind   string `json:"kind"`
		Amount int64  `json:"amount"`
		Waives string `json:"waives"`
		Rule   *struct {
			FromHours *int `json:"from_hours"`
		} `json:"rule"`
	} `json:"fees"`
}

// fillSel sets the value of the first element sel matches once it is visible.
func (b *uiBrowser) fillSel(sel chromedp.CSS, value string) {
	b.t.Helper()
	b.do("filling "+string(sel), chromedp.WaitVisible(sel), chromedp.SetValue(sel, value))
}

func TestBrowserGroupBooking(t *testing.T) {
	chromium := chromiumPath(t)
	s := startServe(t, baseEnv(), "--data", t.TempDir())
	requireBuiltUI(t, s.url)
	setUpOverHTTP(t, s.url, "Harbour Inn")

	b := openSizedBrowser(t, chromium, 1366, 900)
	b.do("opening "+s.url, chromedp.Navigate(s.url))
	b.signIn("alice", "correct horse battery")
	b.see("dashboard-page")
	b.see("business-date")
	today := uiEval[string](b, `document.querySelector('[data-testid="business-date"]').dataset.date`)
	if _, err := time.Parse(time.DateOnly, today); err != nil {
		t.Fatalf("business date in the top bar = %q", today)
	}
	// Two nights from tomorrow: cancelling today is between 14 and 38 hours
	// before arrival, whatever the time of day, so inside the 50 % tier.
	checkIn, checkOut := addDate(t, today, 1), addDate(t, today, 3)

	// Hotel settings: a tax of 6 %, so that bookings show their tax.
	b.click("nav-settings")
	b.click("settings-tab-hotel")
	b.fill("hotel-form-tax", "6")
	b.click("hotel-form-submit")
	b.see("hotel-form-saved")

	// A room type.
	b.click("settings-tab-room-types")
	b.click("room-type-create")
	b.fill("room-type-form-code", "DBL")
	b.fill("room-type-form-name", "Harbour Double")
	b.fill("room-type-form-bed", "double")
	b.fill("room-type-form-adults", "2")
	b.click("room-type-form-submit")
	b.see("room-type-photos")
	b.click("dialog-close")
	b.see("room-type-row-DBL")

	// Four rooms at once: 201 to 204.
	b.click("settings-tab-rooms")
	b.click("bulk-rooms-open")
	b.see("bulk-rooms-dialog")
	b.fill("bulk-rooms-from", "201")
	b.fill("bulk-rooms-to", "204")
	b.waitJS("the preview of four rooms", `/204/.test(document.querySelector('[data-testid="bulk-rooms-preview"]')?.textContent ?? '')`)
	b.shot("group-bulk-rooms")
	b.clickEnabled("bulk-rooms-submit")
	b.see("bulk-rooms-done")
	for _, n := range []string{"201", "202", "203", "204"} {
		b.see("room-row-" + n)
	}

	// A rate plan with its own policy: 10 % from 30 days before arrival,
	// half from 7 days, the whole stay from 2 hours.
	b.click("settings-tab-rate-plans")
	b.click("rate-plan-create")
	b.fill("rate-plan-form-code", "FLEX")
	b.fill("rate-plan-form-name", "Flexible")
	b.fill("rate-plan-form-base", "500")
	b.click("policy-own")
	b.see("policy-tier")
	b.click("policy-tier-add")
	b.click("policy-tier-add")
	b.waitJS("three tiers", `document.querySelectorAll('[data-testid="policy-tier"]').length === 3`)
	for i, tier := range []struct{ hours, fee, percent string }{{"720", "percent", "10"}, {"168", "percent", "50"}, {"2", "full", ""}} {
		n := strconv.Itoa(i)
		b.fillSel(chromedp.CSS("#policy-tier-"+n+"-hours"), tier.hours)
		b.fill("policy-tier-"+n+"-fee", tier.fee)
		if tier.percent != "" {
			b.fill("policy-tier-"+n+"-percent", tier.percent)
		}
	}
	b.shot("group-rate-plan-policy")
	b.click("rate-plan-form-submit")
	b.see("rate-plan-row-FLEX")

	// A company on the Companies & agents page.
	b.click("nav-companies")
	b.see("companies-page")
	b.click("company-new")
	b.fill("company-form-kind", "company")
	b.fill("company-form-name", "Qingdao Shipping Co.")
	b.fill("company-form-tax-id", "91370200MA3C")
	b.fill("company-form-contact-name", "Sun Li")
	b.click("company-form-submit")
	b.see("company-profile")
	b.shot("group-company")

	// Three rooms in one booking.
	b.goTo("#/book")
	b.see("book-page")
	b.fill("book-check-in", checkIn)
	b.fill("book-check-out", checkOut)
	b.waitJS("two nights", `document.querySelector('[data-testid="book-nights"]')?.textContent.trim() === '2'`)
	b.click("book-search")
	b.see("book-type-DBL")
	for i := 1; i <= 3; i++ {
		b.clickCSS(css("book-type-DBL", "book-add"))
		b.waitJS("room "+strconv.Itoa(i)+" chosen", `document.querySelectorAll('[data-testid="book-room"]').length === `+strconv.Itoa(i))
	}
	b.shot("group-three-rooms")
	b.click("book-next")
	b.fill("book-guest-name", "Zhao Lei")
	b.fill("book-guest-phone", "+86 139 0000 4444")
	b.click("book-next")
	b.see("book-details")
	b.see("book-parties")
	b.fill("book-company-search", "Qingdao")
	b.clickCSS(css("book-company-results", "book-company-result"))
	b.see("book-company-chosen")
	b.see("book-group")
	b.fill("book-group-name", "Shipping conference")
	b.fill("book-group-contact", "Sun Li")
	b.fill("book-group-phone", "+86 532 8888 0000")
	b.shot("group-details")
	b.click("book-next")
	b.see("book-review")
	if got := b.text("book-review-company"); got != "Qingdao Shipping Co." {
		t.Errorf("company on the review = %q", got)
	}

	// The second room at 880 for the stay instead of 1000.
	b.do("adjusting the second room's price", chromedp.WaitVisible(chromedp.CSS(`[data-testid="book-price-adjust"]`)),
		chromedp.Click(chromedp.CSS(`tbody tr:nth-child(2) [data-testid="book-price-adjust"]`)))
	b.see("book-price-dialog")
	b.fill("price-mode", "total")
	b.fill("price-stay-total", "880")
	b.fill("price-reason", "Conference organiser's rate")
	b.clickEnabled("book-price-preview-button")
	b.see("book-price-new-total")
	b.shot("group-price-dialog")
	b.clickEnabled("book-price-apply")
	b.do("waiting for the dialog to close", chromedp.WaitNotPresent(uiTestID("book-price-dialog")))
	b.see("book-review-adjusted")
	if n := uiEval[int](b, `document.querySelectorAll('[data-testid="book-review-adjusted"]').length`); n != 1 {
		t.Errorf("rooms marked adjusted on the review = %d, want 1", n)
	}
	b.shot("group-review")
	b.clickEnabled("book-confirm")
	b.see("book-code")
	b.see("book-done-tax")
	b.shot("group-done")
	code := b.text("book-code")
	ids := uiEval[[]string](b, `[...document.querySelectorAll('[data-testid="book-open"]')].map((a) => a.getAttribute('href').split('/').pop())`)
	if len(ids) != 3 {
		t.Fatalf("reservations of booking %s = %d, want 3", code, len(ids))
	}
	// 1000 + 880 + 1000, with 6 % added.
	if got := uiEval[[]string](b, `(() => { const d = document.querySelector('[data-testid="book-done-tax"]').dataset; return [d.net, d.tax, d.gross]; })()`); strings.Join(got, " ") != "288000 17280 305280" {
		t.Errorf("net, tax and gross on the confirmation = %v, want 288000 17280 305280", got)
	}

	// Through the API: one group, the company, one price changed.
	res := make([]e2eGroupReservation, 3)
	adjusted := -1
	for i, id := range ids {
		b.apiGet(s.url, "api/v1/reservations/"+id, &res[i])
		r := res[i]
		if r.Code != code || r.Status != "confirmed" || r.CheckIn != checkIn || r.CheckOut != checkOut {
			t.Errorf("reservation %d: code %s status %s %s to %s; want %s confirmed %s to %s", i, r.Code, r.Status, r.CheckIn, r.CheckOut, code, checkIn, checkOut)
		}
		if r.GroupID == "" || r.GroupID != res[0].GroupID {
			t.Errorf("reservation %d in group %q, want the first's %q (not empty)", i, r.GroupID, res[0].GroupID)
		}
		if r.CompanyName != "Qingdao Shipping Co." || r.CompanyID == "" {
			t.Errorf("reservation %d for company %q (%q), want Qingdao Shipping Co.", i, r.CompanyName, r.CompanyID)
		}
		if r.Tax == nil || r.Tax.RateBP != 600 {
			t.Errorf("reservation %d tax = %+v, want 6 %%", i, r.Tax)
		}
		var sum int64
		marked := 0
		for _, n := range r.Nights {
			sum += n.Price
			if n.Adjusted == "override" && n.RatePrice == 50000 {
				marked++
			}
		}
		if len(r.Nights) != 2 {
			t.Fatalf("reservation %d has %d nights, want 2", i, len(r.Nights))
		}
		switch {
		case len(r.PriceHistory) > 0 || sum != 100000:
			if adjusted >= 0 {
				t.Errorf("reservations %d and %d both adjusted, want one", adjusted, i)
			}
			adjusted = i
			if sum != 88000 || marked != 2 || r.Total != 88000 {
				t.Errorf("adjusted reservation: total %d, nights %+v; want 880 for the stay, each night marked over a rate of 500", r.Total, r.Nights)
			}
			if len(r.PriceHistory) != 1 || r.PriceHistory[0].Reason != "Conference organiser's rate" {
				t.Errorf("adjusted reservation history = %+v, want the reason given", r.PriceHistory)
			}
		default:
			if marked != 0 || r.Total != 100000 {
				t.Errorf("reservation %d: total %d, nights %+v; want 1000 at the plan's rate", i, r.Total, r.Nights)
			}
		}
	}
	if adjusted < 0 {
		t.Fatalf("no reservation has the changed price")
	}
	var group struct {
		Group struct {
			Name    string `json:"name"`
			Contact struct {
				Name string `json:"name"`
			} `json:"contact"`
		} `json:"group"`
		Rooms int `json:"rooms"`
	}
	b.apiGet(s.url, "api/v1/groups/"+res[0].GroupID, &group)
	if group.Group.Name != "Shipping conference" || group.Group.Contact.Name != "Sun Li" || group.Rooms != 3 {
		t.Errorf("group = %+v, want Shipping conference, contact Sun Li, 3 rooms", group)
	}

	// Cancel the room whose price was changed: half its agreed total.
	target := res[adjusted]
	const wantFee = 44000 // half of 880
	b.goTo("#/reservations/" + target.ID)
	b.see("reservation-page")
	b.waitJS("the group named", `(document.querySelector('[data-testid="reservation-group"]')?.textContent ?? '').includes('Shipping conference')`)
	b.waitJS("the reservation confirmed", `document.querySelector('[data-testid="reservation-status"]')?.dataset.status === 'confirmed'`)
	b.click("action-cancel")
	b.see("cancel-dialog")
	b.see("cancel-fee")
	b.see("cancel-tier")
	if fee := uiEval[string](b, `document.querySelector('[data-testid="cancel-fee"]').dataset.fee`); fee != strconv.Itoa(wantFee) {
		t.Errorf("cancellation fee shown = %s, want %d (50 %% of %d)", fee, wantFee, target.Total)
	}
	if tier := b.text("cancel-tier"); !strings.Contains(tier, "50") {
		t.Errorf("tier shown = %q, want the 50 %% tier", tier)
	}
	b.shot("group-cancel-dialog")
	b.fill("cancel-reason", "One delegate cannot come")
	b.clickEnabled("cancel-confirm")
	b.waitJS("the room cancelled", `document.querySelector('[data-testid="reservation-status"]')?.dataset.status === 'cancelled'`)
	b.waitJS("the fee listed", `[...document.querySelectorAll('[data-testid="fee-row"]')].some((r) => r.dataset.kind === 'cancellation' && r.dataset.amount === '`+strconv.Itoa(wantFee)+`')`)
	var cancelled e2eGroupReservation
	b.apiGet(s.url, "api/v1/reservations/"+target.ID, &cancelled)
	if cancelled.Cancellation == nil || cancelled.Cancellation.Fee != wantFee || len(cancelled.Fees) != 1 || cancelled.Fees[0].Amount != wantFee ||
		cancelled.Fees[0].Rule == nil || cancelled.Fees[0].Rule.FromHours == nil || *cancelled.Fees[0].Rule.FromHours != 168 {
		t.Errorf("after cancelling: cancellation %+v fees %+v; want a fee of %d under the tier from 168 hours", cancelled.Cancellation, cancelled.Fees, wantFee)
	}
	b.shot("group-cancelled")

	// Reinstate it: confirmed again, the fee waived.
	b.click("action-reinstate")
	b.see("reinstate-dialog")
	b.see("reinstate-waives")
	b.fill("reinstate-reason", "Delegate is coming after all")
	b.clickEnabled("reinstate-confirm")
	b.waitJS("the room confirmed again", `document.querySelector('[data-testid="reservation-status"]')?.dataset.status === 'confirmed'`)
	b.see("reservation-notice")
	b.waitJS("the fee and its reversal", `document.querySelectorAll('[data-testid="fee-row"]').length === 2`)
	if net := uiEval[string](b, `document.querySelector('[data-testid="fees-net"]').dataset.net`); net != "0" {
		t.Errorf("net fees after reinstating = %s, want 0", net)
	}
	b.shot("group-reinstated")
	var back e2eGroupReservation
	b.apiGet(s.url, "api/v1/reservations/"+target.ID, &back)
	if back.Status != "confirmed" || back.Total != target.Total || len(back.Fees) != 2 ||
		back.Fees[1].Amount != -wantFee || back.Fees[1].Waives != back.Fees[0].ID {
		t.Errorf("after reinstating: status %s total %d fees %+v; want confirmed at %d, the fee %d and its reversal",
			back.Status, back.Total, back.Fees, target.Total, wantFee)
	}
	b.apiGet(s.url, "api/v1/groups/"+res[0].GroupID, &group)
	if group.Rooms != 3 {
		t.Errorf("rooms of the group after reinstating = %d, want 3", group.Rooms)
	}

	b.checkClean()
}
