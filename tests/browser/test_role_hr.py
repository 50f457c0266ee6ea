"""The HR officer's screens in the web client, in Vietnamese (issue #23).

tochuc (Đào Văn Tổ Chức) logs in: the first menu is their own ("Tổ chức
cán bộ, thi đua": staff, campaigns, ratings, commendations, disciplines).
The staff register opens on all the staff, with positions and ranks
(scripts/demo_hr.py); last year's task ratings show the year as "2025",
not "2.025".
"""
import datetime as dt
from pathlib import Path

import pytest

from saoui import (
    expand_menu, fail_on_error_dialog, list_rows, login, open_menu,
    top_menus, wait_idle, wait_until)

pytestmark = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium)")

HR_OFFICER = 'tochuc'
# Labels of addons/qltt_hr/locale/vi.po
MENU_HR = "Tổ chức cán bộ, thi đua"      # Staff and Emulation
MENU_STAFF = "Hồ sơ công chức"           # Staff Register
MENU_RATINGS = "Xếp loại hoàn thành nhiệm vụ"   # Task Ratings
POSITION = "Kiểm soát viên thị trường"   # the controllers' position
OFFICER = "Trần Minh Đức"


def test_role_hr(page, demo_server, shot):
    menus = login(page, demo_server, HR_OFFICER)
    assert menus[0] == MENU_HR, menus
    expand_menu(page, MENU_HR)
    entries = top_menus(page)
    assert entries[1:3] == [MENU_STAFF, "Phong trào thi đua"], entries

    # the staff register is not empty on opening, positions are filled
    open_menu(page, MENU_STAFF)
    rows = list_rows(page)
    officer = rows.filter(has_text=OFFICER)
    wait_until(page, lambda: officer.count() > 0, f'{OFFICER} in the list')
    wait_idle(page)
    assert POSITION in officer.first.inner_text(), officer.first.inner_text()
    shot('staff')

    # last year's ratings: the year without a thousands separator
    open_menu(page, MENU_RATINGS)
    rows = list_rows(page)
    wait_until(page, lambda: rows.count() > 0, 'the task ratings')
    wait_idle(page)
    last = str(dt.date.today().year - 1)
    text = rows.first.inner_text()
    assert last in text and f'{last[0]}.{last[1:]}' not in text, text
    shot('ratings')

    fail_on_error_dialog(page)
    assert not page.js_errors, page.js_errors
