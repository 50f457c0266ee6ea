"""The import of past cases through the web client (issue 25), as the
demo's department administrator (admin, Vietnamese).

Menu "Quản lý thị trường" → "Cấu hình" → "Nhập vụ việc cũ": upload a CSV
made here (three cases with numbers and a decision number the demo does not
use), see the counts of the result; find the imported cases in the cases
list by their number and open one; then upload a file with bad rows and
see the count of bad rows and the file of them: nothing imported, not even
its good row (the list still shows the three cases only).
"""
import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from saoui import (
    MENU_ROOT, TAB, expand_menu, fail_on_error_dialog, field,
    form_selection, list_rows, login, menu_entry, open_menu,
    wait_idle, wait_until)

# Before any fixture: no demo database is built without the browser
pytestmark = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium)")

# the layout of docs/import.md (addons/qltt_cases/case_import.py)
COLUMNS = [
    'case_number', 'inspection_date', 'violation_date', 'minutes_date',
    'team_code', 'offender_name', 'offender_kind', 'offender_address',
    'offender_id_number', 'legal_basis_code', 'goods_value', 'fine',
    'decision_number', 'decision_date', 'decision_signer', 'state',
    'amount_paid',
    ]
WITH_DECISION = 'VV-2019-09001'
NUMBERS = [WITH_DECISION, 'VV-2019-09002', 'VV-2019-09003']
DECISION = '901/QĐ-CGHS-NK'
OFFENDER = "Hộ kinh doanh Nhập Khẩu Thử"

WIZARD = '.wizard-dialog.in'          # sao's dialog of a wizard

# Labels of addons/qltt_cases/locale/vi.po
MENU_CONFIGURATION = "Cấu hình"         # Configuration
MENU_IMPORT = "Nhập vụ việc cũ"         # Import Past Cases
MENU_CASES = "Vụ việc"                  # Cases
IMPORT = "Nhập"                         # the wizard's Import button
CLOSE = "Đóng"                          # and its Close button
STATE_TRANSFERRED = "Đã chuyển cơ quan điều tra"
TAB_ALL = "Tất cả"                      # the tab "All" of the cases list


def row(number, state, **values):
    values.update(case_number=number, state=state)
    values.setdefault('team_code', '01')
    values.setdefault('inspection_date', '02/03/2019')
    return [values.get(c, '') for c in COLUMNS]


def csv_file(rows):
    text = io.StringIO()
    csv.writer(text).writerows([COLUMNS] + rows)
    return text.getvalue().encode('utf-8')


# The case with a decision is transferred to the investigators (MQĐ33):
# a decided case's fine is booked on its decision date, which needs that
# year's fiscal year (docs/import.md) — the demo has those of 2022 and of
# this year only, whose figures other browser tests read
GOOD = csv_file([
        row(WITH_DECISION, 'transferred', minutes_date='03/03/2019',
            offender_name=OFFENDER, offender_kind='individual',
            decision_number=DECISION, decision_date='10/03/2019',
            decision_signer='0001'),
        row(NUMBERS[1], 'no_violation'),
        row(NUMBERS[2], 'no_violation'),
        ])
BAD = csv_file([
        row('VV-2019-09004', 'closed'),             # no such state
        row('VV-2019-09005', 'no_violation', team_code='99'),
        row('VV-2019-09006', 'no_violation'),       # good, not imported
        ])


def open_wizard(page, *path):
    """Open the wizard of the menu path (sao shows it in a dialog, not a
    tab); returns the dialog"""
    for title in path[:-1]:
        expand_menu(page, title)
    dialog = page.locator(WIZARD)
    # a click landing while sao redraws the menu only selects the entry
    for attempt in range(3):
        wait_idle(page)
        menu_entry(page, path[-1]).first.click()
        try:
            wait_until(page, lambda: dialog.count() > 0,
                f'the wizard "{path[-1]}"', timeout=15)
            break
        except pytest.fail.Exception:
            if attempt == 2:
                raise
    wait_idle(page)
    return dialog


def wizard_button(dialog, label):
    return dialog.locator('.modal-footer button').filter(
        has_text=re.compile(rf'^\s*{re.escape(label)}\s*$', re.I))


def run_import(page, data, file_name, *menu):
    """Open the wizard with the menu path, upload data and click Import;
    returns the wizard's dialog showing the result"""
    dialog = open_wizard(page, *menu)
    upload = dialog.locator('input[type="file"]')
    upload.first.wait_for(state='attached')
    upload.first.set_input_files(
        files=[{'name': file_name, 'mimeType': 'text/csv', 'buffer': data}])
    wait_idle(page)
    wizard_button(dialog, IMPORT).click()
    created = field(page, 'created', WIZARD)
    wait_until(page, lambda: created.count() > 0, 'the result of the import',
        timeout=120)
    wait_idle(page)
    return dialog


def count(page, name):
    return int(field(page, name, WIZARD).input_value())


def close(page, dialog):
    wizard_button(dialog, CLOSE).click()
    dialog.wait_for(state='detached')
    wait_idle(page)


def imported(page):
    "The numbers VV-2019-09... the list shows"
    return sorted(t.strip() for t in list_rows(page).locator('td').filter(
            has_text='VV-2019-09').all_inner_texts())


def test_import_cases(page, demo_server, shot):
    login(page, demo_server, demo_server.login)

    # A good file: the three cases are imported
    result = run_import(page, GOOD, 'vu-viec-2019.csv',
        MENU_ROOT, MENU_CONFIGURATION, MENU_IMPORT)
    shot('imported')
    assert (count(page, 'created'), count(page, 'skipped'),
        count(page, 'bad_rows')) == (3, 0, 0)
    expect(result.locator('textarea[name="summary"]')).to_have_value(
        "Đã nhập 3 vụ việc; 0 vụ việc đã nhập từ trước được giữ nguyên.")
    close(page, result)

    # The cases list finds them by their number (tab "All": the cases
    # closed are not in the default tab "Processing"); the transferred one
    # opens
    open_menu(page, MENU_CASES)
    page.locator(f'{TAB} .nav-tabs a').filter(
        has_text=re.compile(rf'^\s*{TAB_ALL}\s*$')).click()
    wait_idle(page)
    search = page.locator(f'{TAB} .filter-box input').first
    search.fill('VV-2019-09')
    search.press('Enter')
    wait_until(page, lambda: imported(page) == NUMBERS,
        'the three imported cases')
    rows = list_rows(page).filter(has_text=WITH_DECISION)
    shot('found')
    # select the row, then switch the tab to the form
    rows.first.locator('.column-char').first.click()
    wait_idle(page)
    page.locator(f'{TAB} button#switch_').click()
    wait_until(page, lambda: page.locator(
            f'{TAB} .form-container:visible').count() > 0, 'the case form')
    wait_idle(page)
    expect(field(page, 'number')).to_have_value(WITH_DECISION)
    assert form_selection(page, 'state') == STATE_TRANSFERRED
    expect(field(page, 'import_file')).to_have_value('vu-viec-2019.csv')
    shot('case')

    # A file with bad rows: the count of bad rows, nothing imported
    result = run_import(page, BAD, 'loi.csv', MENU_IMPORT)
    shot('bad-rows')
    assert (count(page, 'created'), count(page, 'bad_rows')) == (0, 2)
    expect(result.locator('textarea[name="summary"]')).to_have_value(
        re.compile(r'^Không có dữ liệu nào được nhập: 2 dòng bị lỗi\.'))
    # the file of the bad rows is offered for download
    values = result.locator('input').evaluate_all(
        'inputs => inputs.map(i => i.value)')
    assert 'errors-loi.csv' in values, values
    close(page, result)

    # not even its good row: the list (tab All) still shows three cases
    page.locator(f'{TAB} button#switch_').click()
    wait_idle(page)
    search = page.locator(f'{TAB} .filter-box input').first
    search.fill('VV-2019-09')
    search.press('Enter')
    wait_until(page, lambda: imported(page) == NUMBERS,
        'the three cases of the good file only')

    fail_on_error_dialog(page)
    assert not page.js_errors, page.js_errors
