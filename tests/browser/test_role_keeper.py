"""The warehouse keeper's work in the web client, in Vietnamese.

thukho (Nguyễn Thị Kho) logs in: the first menu is the evidence warehouse
(seizures, goods in custody, dispositions).  The demo has a draft seizure
of 25 rice cookers (350.000 VND each) for the case of "Cửa hàng điện máy
Kinh Bắc": the keeper opens it, holds it ("Tạm giữ": the goods go into the
evidence store with the decision MQĐ20 and the minutes MBB15, Law Art 125)
and then sees the 25 cookers, worth 8.750.000 VND, in the goods in custody
of the evidence warehouse.
"""
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from saoui import (
    DATE_RE, TAB, click_button, expand_menu, fail_on_error_dialog, field,
    form_selection, list_rows, login, open_menu, open_row, top_menus, vnd,
    wait_idle, wait_selection, wait_until)

pytestmark = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium)")

DOCS = Path(__file__).resolve().parents[2] / 'docs' / 'screenshots'

KEEPER = 'thukho'
PRODUCT = "Nồi cơm điện không rõ nguồn gốc"
QUANTITY = 25
VALUE = 25 * 350_000

# Labels of addons/qltt_warehouse/locale/vi.po
MENU_KEEPER = "Kho tang vật"            # Evidence Warehouse
MENU_SEIZURES = "Tạm giữ tang vật"      # Seizures
MENU_CUSTODY = "Tang vật đang bảo quản"  # Goods in Custody
STATE_DRAFT = "Nháp"
STATE_HELD = "Đang tạm giữ"
HOLD = "Tạm giữ"
CONFIRM_HOLD = "Nhập tang vật vào kho tang vật?"


def test_role_keeper(page, demo_server, shot):
    menus = login(page, demo_server, KEEPER)
    # the keeper's own menu comes first
    assert menus[0] == MENU_KEEPER, menus
    # stock's own menu, translated by qltt_warehouse's locale/override
    assert "Kho" in menus and "Inventory & Stock" not in menus, menus
    expand_menu(page, MENU_KEEPER)
    entries = top_menus(page)
    assert entries[1:3] == [MENU_SEIZURES, MENU_CUSTODY], entries

    # The seizures: the draft one waits for the keeper
    open_menu(page, MENU_SEIZURES)
    draft = list_rows(page).filter(
        has=page.locator(f'.column-selection[title="{STATE_DRAFT}"]'))
    draft.first.wait_for()
    wait_idle(page)
    assert draft.count() == 1, draft.all_inner_texts()
    expect(draft).to_contain_text(vnd(VALUE))
    DOCS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot('seizures'), DOCS / 'keeper.png')

    open_row(page, draft.first)
    assert form_selection(page, 'state') == STATE_DRAFT
    shot('draft-seizure')
    click_button(page, 'hold', HOLD, confirm=CONFIRM_HOLD)
    wait_selection(page, 'state', STATE_HELD)
    # the term of the seizure (Law Art 125(8)) is shown as dd/mm/yyyy
    term_end = field(page, 'term_end').input_value()
    assert DATE_RE.match(term_end), term_end
    store = page.locator(f'{TAB} input[name="location"]').input_value()
    assert store, "the seizure names its evidence store"
    expect(page.locator(f'{TAB} input[name="held_by"]')).to_have_value(
        "Nguyễn Thị Kho")
    shot('held')

    # The goods are in custody in the evidence store
    open_menu(page, MENU_CUSTODY)
    goods = list_rows(page).filter(has_text=PRODUCT)
    wait_until(page, lambda: goods.count() > 0, 'the cookers in custody')
    wait_idle(page)
    assert goods.count() == 1, goods.all_inner_texts()
    text = goods.inner_text()
    assert store in text, (store, text)
    assert vnd(VALUE) in text, text
    assert str(QUANTITY) in text, text
    shot('goods-in-custody')

    fail_on_error_dialog(page)
    assert not page.js_errors, page.js_errors
