"""Two provinces in the demo (issue 21): the leader of Thái Nguyên
(`lanhdao_tn`) sees only Thái Nguyên's cases, the leader of Bắc Ninh
(`lanhdao`) only Bắc Ninh's, and the national reader (`cucqltt`) both, in
the case list of the web client."""
from pathlib import Path

import pytest

from saoui import (
    MENU_ROOT, TAB, list_rows, login, logout, open_menu, wait_idle,
    wait_until)

pytestmark = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium)")

MENU_CASES = "Vụ việc"
# today's open cases of scripts/demo.py (the list opens on the open ones)
BAC_NINH = ["Công ty TNHH Mỹ phẩm Hàn Việt", "Cửa hàng điện máy Kinh Bắc"]
THAI_NGUYEN = ["Hộ kinh doanh Ma Văn Hải", "Cửa hàng tạp hóa Phổ Yên"]


def cases_shown(page, server, user):
    "The text of the case list as user sees it"
    login(page, server, user)
    open_menu(page, MENU_ROOT, MENU_CASES)
    rows = list_rows(page)
    wait_until(page, lambda: rows.count() > 0, f'the cases of {user}')
    wait_idle(page)
    text = page.locator(TAB).inner_text()
    logout(page)
    return text


def test_provinces(page, demo_server):
    shown = cases_shown(page, demo_server, 'lanhdao_tn')
    assert all(o in shown for o in THAI_NGUYEN), shown
    assert not any(o in shown for o in BAC_NINH), shown

    shown = cases_shown(page, demo_server, 'lanhdao')
    assert all(o in shown for o in BAC_NINH)
    assert not any(o in shown for o in THAI_NGUYEN)

    shown = cases_shown(page, demo_server, 'cucqltt')
    assert all(o in shown for o in BAC_NINH + THAI_NGUYEN)
