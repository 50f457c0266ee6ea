"""The accountant's work in the web client, in Vietnamese.

ketoan (Lê Thị Kế Toán) logs in: the first menu holds fines, payments,
sale proceeds and remittances.  The demo's decided case of "Hộ kinh doanh
Trần Văn Tú" has a fine of which 1.000.000 VND was paid: the accountant
records a second payment of 500.000 VND through the State Treasury
(Decree 118/2021 Art 20), books it ("Ghi sổ") and sees what is left to
pay of the fine fall by 500.000.
"""
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from saoui import (
    TAB, click_button, expand_menu, fail_on_error_dialog, field,
    fill_float, fill_many2one, form_selection, list_rows, login,
    open_menu, reload, save, top_menus, vnd, wait_idle, wait_selection,
    wait_until)

pytestmark = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium)")

DOCS = Path(__file__).resolve().parents[2] / 'docs' / 'screenshots'

ACCOUNTANT = 'ketoan'
OFFENDER = "Hộ kinh doanh Trần Văn Tú"
AMOUNT = 500_000
REFERENCE = "KBNN-BN-0002"

# Labels of addons/qltt_finance/locale/vi.po
MENU_ACCOUNTANT = "Tiền phạt và nộp ngân sách"   # Fines and Remittances
MENU_FINES = "Tiền phạt"                         # Fines
MENU_PAYMENTS = "Nộp tiền phạt"                  # Fine Payments
STATE_DRAFT = "Nháp"
STATE_POSTED = "Đã ghi sổ"
METHOD = "Kho bạc Nhà nước"                      # State Treasury
POST = "Ghi sổ"
CONFIRM_POST = "Ghi sổ khoản nộp tiền? Sau đó không thể sửa."


def amount(text):
    "'1.500.000' -> 1500000"
    return int(text.strip().replace('.', '') or 0)


def fine_row(page):
    row = list_rows(page).filter(has_text=OFFENDER)
    row.first.wait_for()
    wait_idle(page)
    assert row.count() == 1, row.all_inner_texts()
    return row


def cell_amounts(row):
    "The amounts shown in a fine row, in the list's column order"
    # (the cells of optional columns are in the row too, hidden)
    texts = row.locator('.column-float').evaluate_all(
        'cells => cells.filter(c => c.offsetWidth > 0).map(c => c.innerText)')
    return [amount(t) for t in texts]


def test_role_accountant(page, demo_server, shot):
    today = dt.date.today().strftime('%d/%m/%Y')
    menus = login(page, demo_server, ACCOUNTANT)
    assert menus[0] == MENU_ACCOUNTANT, menus
    expand_menu(page, MENU_ACCOUNTANT)
    entries = top_menus(page)
    assert entries[1:3] == [MENU_FINES, MENU_PAYMENTS], entries

    # The fines: amount, paid, balance of the demo's decided case
    open_menu(page, MENU_FINES)
    row = fine_row(page)
    # fine_list: amount, left to pay, surcharge due (paid = amount - left)
    fine, balance = cell_amounts(row)[:2]
    paid = fine - balance
    assert paid >= 1_000_000 and balance > 0, (fine, balance)
    # the first column is the fine's case number as text, not a link
    first = row.locator('td .cell').first
    assert not first.locator('a').count(), first.inner_html()
    case_number = first.inner_text().strip()
    assert case_number, row.inner_text()
    DOCS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot('fines'), DOCS / 'accountant.png')
    # a double click on it opens the fine itself, not its case (#23)
    first.dblclick()
    wait_until(page, lambda: page.locator(
            f'{TAB} input[name="balance"]').count() > 0, 'the fine form')
    wait_idle(page)
    expect(page.locator(f'{TAB} input[name="case"]')).to_have_value(
        case_number)
    assert not page.locator(f'{TAB} input[name="inspection_date"]').count()
    shot('fine-form')

    # A new payment of the case, through the Treasury
    open_menu(page, MENU_PAYMENTS)
    wait_idle(page)
    # the list opens on all the payments, not on an empty draft tab (#23)
    wait_until(page, lambda: list_rows(page).count() > 0, 'the payments')
    page.locator(f'{TAB} button#new_').click()
    wait_until(page, lambda: page.locator(
            f'{TAB} select[name="state"]').count() > 0, 'the payment form')
    wait_idle(page)
    wait_selection(page, 'state', STATE_DRAFT)
    assert form_selection(page, 'method') == METHOD
    expect(field(page, 'date')).to_have_value(today)
    fill_many2one(page, TAB, 'case', case_number, case_number)
    expect(page.locator(f'{TAB} input[name="party"]')).to_have_value(OFFENDER)
    fill_float(page, TAB, 'amount', AMOUNT)
    expect(field(page, 'amount')).to_have_value(re.compile(
            re.escape(vnd(AMOUNT))))
    page.locator(f'{TAB} input[name="reference"]').fill(REFERENCE)
    save(page)
    shot('payment')
    click_button(page, 'post', POST, confirm=CONFIRM_POST)
    wait_selection(page, 'state', STATE_POSTED)
    expect(field(page, 'principal')).to_have_value(
        re.compile(re.escape(vnd(AMOUNT))))
    shot('posted')

    # The fine now shows the payment
    open_menu(page, MENU_FINES)
    reload(page)
    row = fine_row(page)
    wait_until(page, lambda: cell_amounts(row)[1] == balance - AMOUNT,
        f'the amount left to pay {vnd(balance - AMOUNT)}')
    fine2, balance2 = cell_amounts(row)[:2]
    assert (fine2, balance2) == (fine, balance - AMOUNT)
    assert vnd(balance - AMOUNT) in row.inner_text()
    shot('fine-paid')

    fail_on_error_dialog(page)
    assert not page.js_errors, page.js_errors
