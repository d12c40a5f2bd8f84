"""A regency officer and a team member on a phone on a slow link (390×844): nothing typed is lost when the page
closes, errors lead to their fields, the long nomination form is walked a section at a time, and the score sheet
shows the member's own total as they type, equal to the server's once saved."""

import pytest

from curation.models import ScoreSheet
from nominations.models import Nomination
from tests.factories import DEFAULT_PASSWORD

from .conftest import LAPTOP, PHONE
from .test_curation_pages import in_curation  # noqa: F401 (a fixture: a round in curation with two nominations)

pytestmark = pytest.mark.django_db(transaction=True)

HAS_COPY = "() => Object.keys(localStorage).some(key => key.startsWith('ovop-draft:'))"


def officer_on_a_phone(visitor, officer, name):
    tab = visitor(name, viewport=PHONE)
    tab.page.context.add_cookies([{"name": "django_language", "value": "en", "url": tab.base}])
    tab.login(officer.username, DEFAULT_PASSWORD)
    return tab


def visible(page, selector):
    return page.locator(selector).is_visible()


def test_typed_text_survives_a_closed_page_and_is_restored_on_request(visitor, officer, award_round):
    tab = officer_on_a_phone(visitor, officer, "resilience-restore")
    tab.go("/nominations/new/")
    assert not visible(tab.page, "[data-draft-offer]")  # nothing kept yet, nothing offered
    tab.page.fill("#id_business_name", "Tenun Ikat Lestari Copy")
    tab.page.fill("#id_address", "Jalan Kaliurang km 10")
    tab.page.wait_for_function(HAS_COPY)
    tab.page.close()  # the tab is closed (or the connection dropped) before saving

    tab.page = tab.context.new_page()
    tab.go("/nominations/new/")
    offer = tab.page.locator("[data-draft-offer]")
    assert offer.is_visible()
    assert "An unsaved copy from" in offer.inner_text() and tab.page.locator("[data-draft-offer] time").count() == 1
    assert tab.page.input_value("#id_business_name") == ""  # not restored without asking
    tab.shot("01-offer")
    tab.page.click("[data-draft-restore]")
    assert tab.page.input_value("#id_business_name") == "Tenun Ikat Lestari Copy"
    assert tab.page.input_value("#id_address") == "Jalan Kaliurang km 10"
    assert not offer.is_visible() and visible(tab.page, "[data-draft-restored]")

    tab.click("button[name=save]")  # saved on the server: the copy has done its work
    assert Nomination.objects.get().business_name == "Tenun Ikat Lestari Copy"
    assert not tab.page.evaluate(HAS_COPY)
    tab.go("/nominations/new/")
    assert not visible(tab.page, "[data-draft-offer]")
    assert tab.errors == []


def test_a_discarded_copy_is_not_offered_again(visitor, officer, award_round):
    tab = officer_on_a_phone(visitor, officer, "resilience-discard")
    tab.go("/nominations/new/")
    tab.page.fill("#id_owner_name", "Nama yang dibuang")
    tab.page.wait_for_function(HAS_COPY)
    tab.go("/nominations/new/")
    tab.page.click("[data-draft-discard]")
    assert not visible(tab.page, "[data-draft-offer]") and tab.page.input_value("#id_owner_name") == ""
    tab.go("/nominations/new/")
    assert not visible(tab.page, "[data-draft-offer]")


def test_a_copy_older_than_the_saved_draft_is_offered_with_a_warning(visitor, officer, nomination):
    tab = officer_on_a_phone(visitor, officer, "resilience-older-copy")
    tab.go(f"/nominations/{nomination.pk}/edit/")
    tab.page.fill("#id_owner_name", "Pemilik dari salinan")
    tab.page.wait_for_function(HAS_COPY)
    tab.page.close()
    colleague = officer_on_a_phone(visitor, officer, "resilience-older-copy-colleague")  # another browser
    colleague.go(f"/nominations/{nomination.pk}/edit/")
    colleague.page.fill("#id_business_name", "Disimpan oleh rekan")
    colleague.click("button[name=save]")

    tab.page = tab.context.new_page()
    tab.go(f"/nominations/{nomination.pk}/edit/")
    assert visible(tab.page, "[data-draft-offer]") and visible(tab.page, "[data-draft-newer]")
    assert tab.page.input_value("#id_business_name") == "Disimpan oleh rekan"
    tab.page.click("[data-draft-restore]")
    assert tab.page.input_value("#id_owner_name") == "Pemilik dari salinan"


def test_logging_out_removes_the_copies_kept_in_this_browser(visitor, officer, award_round):
    tab = officer_on_a_phone(visitor, officer, "resilience-logout")
    tab.go("/nominations/new/")
    tab.page.fill("#id_business_name", "Ketikan di komputer bersama")
    tab.page.wait_for_function(HAS_COPY)
    tab.open_menu()
    tab.click("form[action='/accounts/logout/'] button")
    assert not tab.page.evaluate(HAS_COPY)


def test_errors_are_summarised_focused_and_each_link_opens_its_field(visitor, officer, award_round):
    tab = officer_on_a_phone(visitor, officer, "resilience-errors")
    tab.go("/nominations/new/")
    tab.page.fill("#id_nib", "12345")
    tab.page.click("#section-nav-title ~ ol a[href='#section-product']")  # jump to section 3 of 5
    tab.page.fill("#id_price_min", "90000")
    tab.page.fill("#id_price_max", "1000")
    tab.click("button[name=save]")
    tab.shot("02-error-summary")
    assert tab.page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert "There is a problem" in tab.page.locator("[data-error-summary]").inner_text()
    assert visible(tab.page, "#section-ikm") and not visible(tab.page, "#section-product")  # the first error's
    tab.page.click("[data-error-summary] a[href='#id_price_max']")
    assert visible(tab.page, "#id_price_max") and not visible(tab.page, "#section-ikm")
    assert tab.page.evaluate("document.activeElement.id") == "id_price_max"
    tab.page.click("[data-error-summary] a[href='#id_nib']")
    assert tab.page.evaluate("document.activeElement.id") == "id_nib"
    assert tab.errors == []


def test_the_form_is_walked_section_by_section_on_a_phone_and_nothing_is_lost(visitor, officer, award_round):
    tab = officer_on_a_phone(visitor, officer, "resilience-sections")
    tab.go("/nominations/new/")
    shown = "() => [...document.querySelectorAll('[data-section]')].filter(s => !s.hidden).map(s => s.id)"
    assert tab.page.evaluate(shown) == ["section-ikm"]
    assert "Section 1 of 5" in tab.page.locator("#section-ikm legend").inner_text()
    tab.page.fill("#id_business_name", "Batik Tulis Walk")
    tab.page.click("#section-ikm [data-section-step='1']")
    assert tab.page.evaluate(shown) == ["section-business"]
    assert tab.page.evaluate("document.activeElement.closest('[data-section]').id") == "section-business"
    mark = "[data-section-nav] li:nth-child(2) [data-mark={}]"
    assert visible(tab.page, mark.format("missing")) and not visible(tab.page, mark.format("done"))
    tab.page.fill("#id_workforce_women", "12")
    for field, value in {"workforce_men": "3", "production_capacity": "500", "capacity_unit": "lembar"}.items():
        tab.page.fill(f"#id_{field}", value)
    tab.page.fill("#id_yearly_turnover", "90000000")
    tab.page.select_option("#id_marketing_reach", "national")
    assert visible(tab.page, mark.format("done")) and not visible(tab.page, mark.format("missing"))  # as typed
    tab.page.click("#section-business [data-section-step='1']")
    assert tab.page.evaluate(shown) == ["section-product"]
    tab.page.fill("#id_product_name", "Kain batik tulis")
    tab.page.click("#section-product [data-section-step='-1']")
    assert tab.page.evaluate(shown) == ["section-business"]
    assert tab.page.input_value("#id_workforce_women") == "12"
    assert tab.page.locator("[data-section-nav] a[aria-current=step]").inner_text().startswith("2.")
    tab.shot("03-section-2")
    tab.click("button[name=save]")  # one save keeps every section, shown or not
    nomination = Nomination.objects.get()
    assert (nomination.business_name, nomination.workforce_women, nomination.product_name) == (
        "Batik Tulis Walk",
        12,
        "Kain batik tulis",
    )
    assert tab.page.evaluate(shown) == ["section-business"]  # back where the officer saved
    assert tab.no_horizontal_scroll()

    wide = visitor("resilience-sections-laptop", viewport=LAPTOP)
    wide.login(officer.username, DEFAULT_PASSWORD)
    wide.go(f"/nominations/{nomination.pk}/edit/")
    assert len(wide.page.evaluate(shown)) == 5 and wide.page.locator("[data-section-step]:visible").count() == 0
    assert tab.errors == [] and wide.errors == []


def test_member_sees_own_total_as_typed_equal_to_the_saved_total(visitor, in_curation, team_member):  # noqa: F811
    nomination = in_curation[0]
    tab = visitor("resilience-score", viewport=PHONE)
    tab.login(team_member.username, DEFAULT_PASSWORD)
    tab.go(f"/curation/nominations/{nomination.pk}/score/")
    fields = tab.page.locator("input[name^=score_]").all()
    for index, field in enumerate(fields):
        field.fill(str(1 + index % 5))
    live = tab.page.locator("[data-live-total-output]").inner_text()
    assert live not in ("", "—")
    tab.page.fill(f"#{fields[0].get_attribute('id')}", "5")
    changed = tab.page.locator("[data-live-total-output]").inner_text()
    assert changed != live  # it follows the typing
    tab.shot("04-score-live-total")
    tab.click("button[name=save]")
    saved = tab.page.locator("[data-saved-total]").inner_text()
    assert saved == changed == tab.page.locator("[data-live-total-output]").inner_text()
    sheet = ScoreSheet.objects.get(member=team_member, nomination=nomination)
    assert sheet.scores.count() == len(fields)

    # Each criterion's guidance is in the fieldset of its own score field, and describes it.
    misplaced = tab.page.evaluate(
        """() => [...document.querySelectorAll('[id^=guidance_]')].filter(guidance => {
                 const field = guidance.closest('fieldset').querySelector('input[name^=score_]');
                 return !field || !field.getAttribute('aria-describedby').split(' ').includes(guidance.id);
               }).map(guidance => guidance.id)"""
    )
    assert tab.page.locator("[id^=guidance_]").count() > 0 and misplaced == []
    assert tab.no_horizontal_scroll() and tab.errors == []
