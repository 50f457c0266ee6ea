"""Acceptance check of the foundation: a violation case from draft to
decided, through the sao web client only, as the demo admin who works in
Vietnamese.

Login, close the first-login module configuration wizard, menu "Quản lý thị
trường" → "Vụ việc", open the draft case of "Hộ kinh doanh Nguyễn Thị Thu",
then with the form's buttons: "Bắt đầu kiểm tra", add a violation
(ND98-A15-K1-c, goods value 8.000.000 in its 5-10M bracket), minutes date,
"Lập biên bản vi phạm", decision date and signer (team 1's leader),
"Ra quyết định".  Asserts on what the page shows: state, decision number in
the documents, dd/mm/yyyy dates, the fine with Vietnamese separators.

Every server call goes through the UI; an error dialog of sao fails the test
with its message.
"""
import datetime as dt
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

# Before any fixture: no demo database is built without the browser
pytestmark = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium)")

OFFENDER = "Hộ kinh doanh Nguyễn Thị Thu"
LEGAL_BASIS = 'ND98-A15-K1-c'
GOODS_VALUE = 8_000_000                 # bracket 5.000.000 - 10.000.000
FINE_MIN, FINE_MAX = 2_000_000, 4_000_000
SIGNER = "Nguyễn Văn Hùng"              # leader of team 1, owner of the case

# Labels of addons/qltt_cases/locale/vi.po
MENU_ROOT = "Quản lý thị trường"        # Market Surveillance
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
    'decide': "Ra quyết định",
    }
CONFIRM_RECORD = "Lập Biên bản vi phạm hành chính (MBB01)?"
CONFIRM_DECIDE = "Ra Quyết định xử phạt vi phạm hành chính?"
# Labels of sao (config/sao/locale/vi.json)
SAO_NEW = "Tạo mới"                     # New

# sao (jQuery/Bootstrap) DOM
TAB = '#tabcontent > .tab-pane.active'          # the current tab
MODAL = '.modal.in:visible'
ERROR_DIALOGS = ('.error-dialog:visible, .warning-dialog:visible, '
    '.user-warning-dialog:visible, .message-dialog:visible')
DATE_RE = re.compile(r'^\d{2}/\d{2}/\d{4}$')
DECISION_NUMBER_RE = re.compile(r'^\d{8}/QĐ-XPHC$')


def vnd(amount):
    "30000000 -> '30.000.000' (vi: '.' groups thousands)"
    return f'{amount:,}'.replace(',', '.')


# --- helpers -----------------------------------------------------------------

def fail_on_error_dialog(page):
    dialogs = page.locator(ERROR_DIALOGS)
    if dialogs.count():
        text = ' | '.join(t.strip() for t in dialogs.all_inner_texts())
        pytest.fail(f"sao shows an error dialog: {text}")


def wait_idle(page):
    "No RPC in flight (sao calls the server with jQuery.ajax)"
    page.wait_for_function(
        '() => window.jQuery !== undefined && jQuery.active === 0')


def wait_until(page, condition, what, timeout=30):
    "Poll condition(); fail at once if sao shows an error dialog"
    deadline = time.monotonic() + timeout
    while True:
        fail_on_error_dialog(page)
        if condition():
            return
        if time.monotonic() > deadline:
            pytest.fail(f"timed out ({timeout}s) waiting for {what}")
        page.wait_for_timeout(150)


def form_state(page):
    "The text shown by the (read-only) state selection of the form"
    return page.locator(f'{TAB} select[name="state"]').evaluate(
        's => s.selectedOptions.length ? s.selectedOptions[0].text : ""')


def wait_state(page, state):
    wait_until(page, lambda: form_state(page) == state,
        f'the state "{state}" (shown: "{form_state(page)}")')


def field(page, name, root=TAB):
    "The text input of a form field (floats also have a hidden number input)"
    return page.locator(f'{root} input[name="{name}"]:not([type="number"])')


def open_page(page, title):
    "Open a page (notebook tab) of the current form"
    page.locator(f'{TAB} .nav-tabs a').filter(
        has_text=re.compile(rf'^\s*{re.escape(title)}\s*$')).click()


def one2many(page, label, root=TAB):
    return page.locator(f'{root} .form-one2many').filter(
        has=page.locator('.form-one2many-string',
            has_text=re.compile(rf'^\s*{re.escape(label)}\s*$')))


def fill_date(page, name, value):
    "Type a date as shown in the user's language (dd/mm/yyyy)"
    date = field(page, name)
    for _ in range(3):
        wait_idle(page)
        date.fill(value)
        date.press('Tab')
        wait_idle(page)
        if date.input_value() == value:
            break
    expect(date).to_have_value(value)


def fill_many2one(page, root, name, text, choice):
    """Type in a Many2One and pick `choice` in its completion (sao searches
    300 ms after the last key)"""
    widget = page.locator(f'{root} input[name="{name}"]')
    completion = page.locator(f'{root} .dropdown-completion li.completion'
        ':visible').filter(has_text=choice)
    for _ in range(3):
        wait_idle(page)
        widget.fill(text)
        try:
            completion.first.wait_for(timeout=5_000)
            break
        except PlaywrightTimeoutError:
            # the form may have redisplayed the record meanwhile
            fail_on_error_dialog(page)
    completion.first.click()
    wait_idle(page)
    expect(widget).to_have_value(re.compile('^' + re.escape(choice)))


def fill_float(page, root, name, value):
    """sao's Float shows a formatted text input and swaps in a number input
    on focus: type into the number input"""
    page.locator(f'{root} input[type="text"][name="{name}"]').click()
    number = page.locator(f'{root} input[type="number"][name="{name}"]')
    number.wait_for(state='visible')
    number.fill(str(value))
    number.press('Tab')
    wait_idle(page)


def click_button(page, name, confirm=None):
    "Click a workflow button of the form, accept its confirmation if any"
    button = page.locator(f'{TAB} button[name="{name}"]')
    assert button.inner_text().strip().lower() == BUTTONS[name].lower()
    button.click()
    if confirm:
        dialog = page.locator('.confirmation-dialog:visible')
        wait_until(page, lambda: dialog.count() > 0,
            f'the confirmation of "{BUTTONS[name]}"')
        assert confirm in dialog.inner_text()
        dialog.locator('.btn-primary').click()      # OK


def close_wizard(page, wizard):
    """Cancel the wizard once loaded.  sao ignores a wizard button clicked
    while it still processes the state (Sao.Wizard.__processing, not
    visible in the DOM): click again until the wizard is gone."""
    wizard.locator('.form-container').first.wait_for()
    cancel = wizard.locator('.modal-footer button.btn-link')    # Cancel
    cancel.wait_for(state='visible')
    for _ in range(10):
        wait_idle(page)
        cancel.click()
        try:
            wizard.wait_for(state='detached', timeout=2_000)
            return
        except PlaywrightTimeoutError:
            fail_on_error_dialog(page)
    pytest.fail("the module configuration wizard does not close")


# --- the test ----------------------------------------------------------------

def test_demo_case_draft_to_decided(page, demo_server, shot):
    # Login: '#db' selects the database, then user name and password
    page.goto(f'{demo_server.url}#{demo_server.database}')
    login = page.locator('.login-dialog')
    expect(login.locator('input#database')).to_have_value(
        demo_server.database)
    login.locator('#login').fill(demo_server.login)
    login.locator('button[type="submit"]').click()
    password = page.locator('.ask-dialog input[type="password"]')
    password.fill(demo_server.password)
    page.locator('.ask-dialog .btn-primary').click()

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
    page.locator('#menu tr').filter(has=page.locator(
            f'.column-char[title="{MENU_ROOT}"]')).locator('.expander').click()
    page.locator(f'#menu .column-char[title="{MENU_CASES}"]').first.click()
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
    assert form_state(page) == STATE_DRAFT
    inspection_date = field(page, 'inspection_date').input_value()
    assert DATE_RE.match(inspection_date), inspection_date
    # dd/mm/yyyy: the demo's draft case is inspected today
    shown = dt.datetime.strptime(inspection_date, '%d/%m/%Y').date()
    assert abs((shown - dt.date.today()).days) <= 1, inspection_date
    shot('draft-case')

    # Draft → inspecting (inspectors and inspection date come with the demo)
    click_button(page, 'start_inspection')
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
    click_button(page, 'record', confirm=CONFIRM_RECORD)
    wait_state(page, STATE_RECORDED)
    wait_idle(page)
    shot('recorded')

    # Decision date and signer, then "Ra quyết định"
    open_page(page, PAGE_DEADLINES)
    fill_date(page, 'decision_date', inspection_date)
    fill_many2one(page, TAB, 'decision_signer', SIGNER, SIGNER)
    click_button(page, 'decide', confirm=CONFIRM_DECIDE)
    wait_state(page, STATE_DECIDED)
    wait_idle(page)
    shot('decided')

    # What the decided case shows
    expect(field(page, 'minutes_date')).to_have_value(inspection_date)
    expect(field(page, 'decision_date')).to_have_value(inspection_date)
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
    assert inspection_date in decision.locator('.column-date').first.inner_text()
    assert SIGNER in decision.inner_text()
    minutes = documents.locator('tbody tr').filter(has_text='MBB01')
    assert minutes.count() == 1
    shot('decided-documents')

    fail_on_error_dialog(page)
    assert not page.js_errors, page.js_errors
