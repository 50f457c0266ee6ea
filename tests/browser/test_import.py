"""The import of past cases through the web client (issue 25), as the
demo's department administrator (admin, Vietnamese).

Menu "Quản lý thị trường" → "Cấu hình" → "Nhập vụ việc cũ": upload a CSV
made here (three cases with numbers and a decision number the demo does not
use), see the counts of the result; find the imported cases in the cases
list by their number and open one; then upload a file with bad rows and
see the count of bad rows, nothing imported.
"""
import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from saoui import (
    MENU_ROOT, TAB, fail_on_error_dialog, field, form_selection,
    list_rows, login, open_menu, open_row, wait_idle, wait_until)

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
DECIDED = 'VV-2019-09001'
NUMBERS = [DECIDED, 'VV-2019-09002', 'VV-2019-09003']
DECISION = '901/QĐ-XPHC-NK'
OFFENDER = "Hộ kinh doanh Nhập Khẩu Thử"

# Labels of addons/qltt_cases/locale/vi.po
MENU_CONFIGURATION = "Cấu hình"         # Configuration
MENU_IMPORT = "Nhập vụ việc cũ"         # Import Past Cases
MENU_CASES = "Vụ việc"                  # Cases
IMPORT = "Nhập"                         # the wizard's Import button
CLOSE = "Đóng"                          # and its Close button
STATE_DECIDED = "Đã ra quyết định"


def row(number, state, **values):
    values.update(case_number=number, state=state, team_code='01',
        inspection_date='02/03/2019')
    return [values.get(c, '') for c in COLUMNS]


def csv_file(rows):
    text = io.StringIO()
    csv.writer(text).writerows([COLUMNS] + rows)
    return text.getvalue().encode('utf-8')


GOOD = csv_file([
        row(DECIDED, 'decided', minutes_date='03/03/2019',
            offender_name=OFFENDER, offender_kind='individual',
            legal_basis_code='ND98-A06-K1-a', fine='4.000.000',
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


def run_import(page, data, file_name, *menu):
    """Open the wizard with the menu path, upload data and click Import;
    returns the wizard's tab showing the result"""
    open_menu(page, *menu)
    wizard = page.locator(TAB)
    upload = wizard.locator('input[type="file"]')
    upload.first.wait_for(state='attached')
    wait_idle(page)
    upload.first.set_input_files(
        files=[{'name': file_name, 'mimeType': 'text/csv', 'buffer': data}])
    wait_idle(page)
    wizard.get_by_role('button', name=IMPORT, exact=True).click()
    created = field(page, 'created')
    wait_until(page, lambda: created.count() > 0, 'the result of the import',
        timeout=120)
    wait_idle(page)
    return wizard


def count(page, name):
    return int(field(page, name).input_value())


def close(page, wizard):
    wizard.get_by_role('button', name=CLOSE, exact=True).click()
    wait_idle(page)


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

    # The cases list finds them by their number; the decided one opens
    open_menu(page, MENU_CASES)
    search = page.locator(f'{TAB} .filter-box input').first
    search.fill(DECIDED)
    search.press('Enter')
    rows = list_rows(page).filter(has_text=DECIDED)
    wait_until(page, lambda: list_rows(page).count() == 1
        and rows.count() == 1, f'the case {DECIDED} alone in the list')
    shot('found')
    open_row(page, rows.first)
    expect(field(page, 'number')).to_have_value(DECIDED)
    assert form_selection(page, 'state') == STATE_DECIDED
    expect(field(page, 'import_file')).to_have_value('vu-viec-2019.csv')
    shot('case')

    # A file with bad rows: the count of bad rows, nothing imported
    result = run_import(page, BAD, 'loi.csv', MENU_IMPORT)
    shot('bad-rows')
    assert (count(page, 'created'), count(page, 'bad_rows')) == (0, 2)
    expect(result.locator('textarea[name="summary"]')).to_have_value(
        re.compile(r'^Không có dữ liệu nào được nhập: 2 dòng bị lỗi\.'))
    # the file of the bad rows is offered for download
    expect(field(page, 'errors_file_name')).to_have_value('errors-loi.csv')
    close(page, result)

    fail_on_error_dialog(page)
    assert not page.js_errors, page.js_errors
