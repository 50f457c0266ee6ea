"""Acceptance check of the foundation: a violation case from draft to
decided, through the sao web client only, as the demo admin who works in
Vietnamese.

Login, close the first-login module configuration wizard, menu "Quản lý thị
trường" → "Vụ việc", open the draft case of "Hộ kinh doanh Nguyễn Thị Thu",
then with the form's buttons: "Bắt đầu kiểm tra", add a violation
(ND98-A15-K1-c, goods value 8.000.000 in its 5-10M bracket), minutes date,
"Lập biên bản vi phạm", "Ra quyết định": its dialog proposes today and
offers only officials with sanction authority as signer (team 1's leader
is chosen, the warehouse keeper is not offered).  Asserts on what the
page shows: state, decision number in the documents, dd/mm/yyyy dates,
the fine with Vietnamese separators.

Every server call goes through the UI; an error dialog of sao fails the test
with its message.
"""
import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from saoui import (
    DATE_RE, MENU_ROOT, MODAL, SAO_NEW, TAB, click_button, close_wizard,
    fail_on_error_dialog, field, fill_date, fill_float, fill_many2one,
    form_selection, one2many, open_menu, open_page, submit_login, vnd,
    wait_idle,
    wait_selection, wait_until)

# Before any fixture: no demo database is built without the browser
pytestmark = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium)")

OFFENDER = "Hộ kinh doanh Nguyễn Thị Thu"
LEGAL_BASIS = 'ND98-A15-K1-c'
GOODS_VALUE = 8_000_000                 # bracket 5.000.000 - 10.000.000
FINE_MIN, FINE_MAX = 2_000_000, 4_000_000
SIGNER = "Nguyễn Văn Hùng"              # leader of team 1, owner of the case

# Labels of addons/qltt_cases/locale/vi.po
MENU_CASES = "Vụ việc"                  # Cases
STATE_DRAFT = "Nháp"
STATE_INSPECTING = "Đang kiểm tra"
STATE_RECORDED = "Đã lập biên bản"
STATE_DECIDED = "Đã ra quyết định"
PAGE_VIOLATIONS = "Hành vi vi phạm"     # Violations
PAGE_DEADLINES = "Thời hạn"             # Deadlines
PAGE_DOCUMENTS = "Văn bản"              # Documents
BUTTONS = {
    'start_inspection': "Bắt đầu kiểm tra",
    'record': "Lập biên bản vi phạm",
    'decide_dialog': "Ra quyết định",
    }
CONFIRM_RECORD = "Lập Biên bản vi phạm hành chính (MBB01)?"
DECIDE_WARNING = "Sau khi ra quyết định, không sửa được nội dung vụ việc."
ISSUE_DECISION = "Ban hành quyết định"
KEEPER = "Nguyễn Thị Kho"               # the warehouse keeper: cannot sign
DECISION_NUMBER_RE = re.compile(r'^\d{8}/QĐ-XPHC$')


# --- helpers (tests/browser/saoui.py) ---------------------------------------

def click(page, name, confirm=None):
    "Click a workflow button of the form, shown with its label of vi.po"
    click_button(page, name, BUTTONS[name], confirm=confirm)


def wait_state(page, state):
    wait_selection(page, 'state', state)


# --- the test ----------------------------------------------------------------

def test_demo_case_draft_to_decided(page, demo_server, shot):
    # Login: '#db' selects the database, then user name and password
    page.goto(f'{demo_server.url}#{demo_server.database}')
    login = page.locator('.login-dialog')
    expect(login.locator('input#database')).to_have_value(
        demo_server.database)
    ask = submit_login(page, demo_server.login)
    ask.locator('input[type="password"]').fill(demo_server.password)
    ask.locator('.btn-primary').click()

    # The first login runs the module configuration wizard before the menu
    # is built: wait for one or the other
    menu_root = page.locator(f'#menu .column-char[title="{MENU_ROOT}"]')
    wizard = page.locator('.tab-wizard')
    wait_until(page, lambda: wizard.count() or menu_root.count(),
        'the configuration wizard or the menu after login')
    if wizard.count():
        close_wizard(page, wizard)
    menu_root.wait_for()
    wait_idle(page)
    shot('logged-in')

    # Menu "Quản lý thị trường" → "Vụ việc"
    open_menu(page, MENU_ROOT, MENU_CASES)
    row = page.locator(f'{TAB} tbody tr').filter(has_text=OFFENDER).filter(
        has=page.locator(f'.column-selection[title="{STATE_DRAFT}"]'))
    row.first.wait_for()
    assert row.count() == 1, "the demo has one draft case of " + OFFENDER
    wait_idle(page)
    shot('case-list')

    # Open the draft case (double click its number, not the links)
    number_cell = row.locator('.column-char').first
    case_number = number_cell.inner_text().strip()
    number_cell.dblclick()
    wait_until(page, lambda: page.locator(
            f'{TAB} select[name="state"]').count() > 0, 'the case form')
    wait_idle(page)
    expect(field(page, 'number')).to_have_value(case_number)
    assert form_selection(page, 'state') == STATE_DRAFT
    inspection_date = field(page, 'inspection_date').input_value()
    assert DATE_RE.match(inspection_date), inspection_date
    # dd/mm/yyyy: the demo's draft case is inspected today
    shown = dt.datetime.strptime(inspection_date, '%d/%m/%Y').date()
    assert abs((shown - dt.date.today()).days) <= 1, inspection_date
    shot('draft-case')

    # Draft → inspecting (inspectors and inspection date come with the demo)
    click(page, 'start_inspection')
    wait_state(page, STATE_INSPECTING)
    wait_idle(page)
    shot('inspecting')

    # A violation with its legal basis and value of goods
    open_page(page, PAGE_VIOLATIONS)
    violations = one2many(page, PAGE_VIOLATIONS)
    violations.locator(f'button[title="{SAO_NEW}"]').click()
    dialog = page.locator(MODAL).last
    dialog.locator('input[name="legal_basis"]').wait_for()
    wait_idle(page)     # the new record's defaults
    fill_many2one(page, MODAL, 'legal_basis', LEGAL_BASIS, LEGAL_BASIS)
    fill_float(page, MODAL, 'goods_value', GOODS_VALUE)
    # no mitigating/aggravating circumstances: the midpoint of the bracket
    expected_fine = vnd((FINE_MIN + FINE_MAX) // 2)
    expect(field(page, 'goods_value', MODAL)).to_have_value(vnd(GOODS_VALUE))
    expect(field(page, 'fine_min', MODAL)).to_have_value(vnd(FINE_MIN))
    expect(field(page, 'fine_max', MODAL)).to_have_value(vnd(FINE_MAX))
    expect(field(page, 'fine', MODAL)).to_have_value(expected_fine)
    shot('violation')
    dialog.locator('.modal-footer .btn-primary').click()    # Add
    dialog.wait_for(state='detached')
    violation_row = violations.locator('tbody tr').filter(
        has_text=LEGAL_BASIS)
    violation_row.wait_for()
    expect(violation_row).to_contain_text(vnd(GOODS_VALUE))

    # Minutes on the inspection day, then "Lập biên bản vi phạm"
    open_page(page, PAGE_DEADLINES)
    fill_date(page, 'minutes_date', inspection_date)
    click(page, 'record', confirm=CONFIRM_RECORD)
    wait_state(page, STATE_RECORDED)
    wait_idle(page)
    shot('recorded')

    # "Ra quyết định": a dialog with today's date and the officials who may
    # sign (the warehouse keeper is not offered), confirmed last (#23)
    click(page, 'decide_dialog')
    dialog = page.locator(MODAL).last
    dialog.locator('input[name="decision_signer"]').wait_for()
    wait_idle(page)
    expect(field(page, 'decision_date', MODAL)).to_have_value(
        dt.date.today().strftime('%d/%m/%Y'))
    expect(dialog).to_contain_text(DECIDE_WARNING)
    dialog.locator('input[name="decision_signer"]').fill(KEEPER)
    page.wait_for_timeout(1_000)    # sao searches 300 ms after the last key
    wait_idle(page)
    assert not page.locator(f'{MODAL} .dropdown-completion li.completion'
        ':visible').filter(has_text=KEEPER).count()
    fill_many2one(page, MODAL, 'decision_signer', SIGNER, SIGNER)
    shot('decide-dialog')
    dialog.locator('.modal-footer button').filter(
        has_text=ISSUE_DECISION).click()
    wait_idle(page)
    fail_on_error_dialog(page)
    wait_state(page, STATE_DECIDED)
    wait_idle(page)
    shot('decided')

    # What the decided case shows
    expect(field(page, 'minutes_date')).to_have_value(inspection_date)
    expect(field(page, 'decision_date')).to_have_value(
        dt.date.today().strftime('%d/%m/%Y'))
    for name in ['minutes_deadline', 'decision_deadline', 'limitation_date']:
        value = field(page, name).input_value()
        assert DATE_RE.match(value), f'{name}: {value!r}'

    open_page(page, PAGE_VIOLATIONS)
    expect(field(page, 'fine_total')).to_have_value(expected_fine)
    expect(field(page, 'goods_value')).to_have_value(vnd(GOODS_VALUE))
    shot('decided-violations')

    open_page(page, PAGE_DOCUMENTS)
    documents = one2many(page, PAGE_DOCUMENTS)
    decision = documents.locator('tbody tr').filter(has_text='QĐ-XPHC')
    decision.wait_for()
    assert decision.count() == 1
    numbers = [n for n in decision.locator('.column-char').all_inner_texts()
        if 'QĐ-XPHC' in n]
    assert len(numbers) == 1 and DECISION_NUMBER_RE.match(
        numbers[0].strip()), numbers
    # the document date is the first date column (INS dates follow)
    assert inspection_date in (
        decision.locator('.column-date').first.inner_text())
    assert SIGNER in decision.inner_text()
    minutes = documents.locator('tbody tr').filter(has_text='MBB01')
    assert minutes.count() == 1
    shot('decided-documents')

    fail_on_error_dialog(page)
    assert not page.js_errors, page.js_errors
