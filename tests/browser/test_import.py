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
from pathlib import Path

import pytest
from playwright.sync_api import expect

from saoui import (
    MENU_ROOT, MODAL, TAB, fail_on_error_dialog, field, form_selection,
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


def run_import(page, data, file_name):
    """Upload data in the wizard (opened from the menu) and click Import;
    returns the wizard's dialog showing the result"""
    open_menu(page, MENU_ROOT, MENU_CONFIGURATION, MENU_IMPORT) \
        if not page.locator(f'#menu .column-char[title="{MENU_IMPORT}"]'
            ).count() else open_menu(page, MENU_IMPORT)
    wizard = page.locator(f'{MODAL}, .tab-wizard').filter(
        has=page.locator('[name="file"]')).last
    wizard.wait_for()
    wait_idle(page)
    wizard.locator('input[type="file"]').first.set_input_files(
        files=[{'name': file_name, 'mimeType': 'text/csv', 'buffer': data}])
    wait_idle(page)
    wizard.get_by_role('button', name=IMPORT, exact=True).click()
    created = page.locator('input[name="created"]')
    wait_until(page, lambda: created.count() > 0, 'the result of the import',
        timeout=120)
    wait_idle(page)
    return page.locator(f'{MODAL}, .tab-wizard').filter(
        has=page.locator('input[name="created"]')).last


def count(result, name):
    return int(result.locator(f'input[name="{name}"]').input_value())


def close(page, result):
    result.locator('.modal-footer button, .tab-wizard button').last.click()
    wait_idle(page)


def test_import_cases(page, demo_server, shot):
    login(page, demo_server, demo_server.login)

    # A good file: the three cases are imported
    result = run_import(page, GOOD, 'vu-viec-2019.csv')
    shot('imported')
    assert (count(result, 'created'), count(result, 'skipped'),
        count(result, 'bad_rows')) == (3, 0, 0)
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
    result = run_import(page, BAD, 'loi.csv')
    shot('bad-rows')
    assert (count(result, 'created'), count(result, 'bad_rows')) == (0, 2)
    assert 'errors-loi.csv' in result.inner_text() or result.locator(
        'input[name="errors_file"]').count()
    close(page, result)

    fail_on_error_dialog(page)
    assert not page.js_errors, page.js_errors
