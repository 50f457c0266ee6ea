"""The department leader's dashboard and statistics in the web client.

lanhdao (Phạm Huy Trọng, head of the Chi cục) logs in: the first entry of
"Quản lý thị trường" is the dashboard ("Bảng điều khiển", qltt_finance
dashboard.xml).  Its panels show, in Vietnamese, the open cases by state
and by team (graphs), the decisions due within 7 days (the demo's
recorded case of "Cửa hàng điện máy Kinh Bắc", decision deadline Law Art
66), the money collected this month and a year ago (the demo's payment of
1.000.000 VND made today, plus the accountant test's 500.000 when it ran
before in the same session), goods past their term and fines overdue.
Then the statistics table of the month: the rows of the teams with their
inspected cases.
"""
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from saoui import (
    MENU_ROOT, TAB, choose_any_period, expand_menu, fail_on_error_dialog,
    fill_date, list_rows, login, open_menu, top_menus, wait_idle, wait_until)

pytestmark = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium)")

DOCS = Path(__file__).resolve().parents[2] / 'docs' / 'screenshots'

LEADER = 'lanhdao'
RECORDED_OFFENDER = "Cửa hàng điện máy Kinh Bắc"
TEAMS = ["Đội 01", "Đội 02", "Đội 03"]    # short names (demo.py)

# Labels of addons/qltt_finance/locale/vi.po and qltt_cases/locale/vi.po
MENU_DASHBOARD = "Bảng điều khiển"
MENU_STATISTICS = "Thống kê"
PANELS = {
    'state': "Vụ việc đang xử lý theo trạng thái",
    'team': "Vụ việc đang xử lý theo đội",
    'deadline': "Quyết định đến hạn trong 7 ngày",
    'money': "Tiền thu được: tháng này và cùng tháng năm trước",
    'goods': "Tang vật quá thời hạn tạm giữ",
    'fines': "Tiền phạt quá hạn nộp",
    }
STATE_RECORDED = "Đã lập biên bản"
FINES_COLLECTED = "Tiền phạt đã thu"
CASES_INSPECTED = "Số vụ kiểm tra"
# demo payment of today; the accountant test adds 500.000
COLLECTED = {"1.000.000", "1.500.000"}


def panel(page, title):
    return page.locator(f'{TAB} .board-action').filter(
        has=page.locator('.panel-heading', has_text=re.compile(
                rf'^\s*{re.escape(title)}\s*$')))


def test_role_leader(page, demo_server, shot):
    today = dt.date.today()
    menus = login(page, demo_server, LEADER)
    assert menus[0] == MENU_ROOT, menus
    expand_menu(page, MENU_ROOT)
    entries = top_menus(page)
    assert entries[1] == MENU_DASHBOARD, entries

    # The dashboard: every panel in Vietnamese
    open_menu(page, MENU_DASHBOARD)
    for title in PANELS.values():
        panel(page, title).wait_for()
    wait_idle(page)

    # the graphs of the open cases are drawn (billboard.js SVG)
    for key in ['state', 'team']:
        graph = panel(page, PANELS[key])
        wait_until(page, lambda: graph.locator('svg').count() > 0,
            f'the graph "{PANELS[key]}"')
    state_graph = panel(page, PANELS['state'])
    wait_until(page, lambda: STATE_RECORDED in state_graph.inner_text(),
        f'"{STATE_RECORDED}" in the cases by state')
    team_graph = panel(page, PANELS['team'])
    wait_until(page, lambda: all(
            t in team_graph.inner_text() for t in TEAMS[:2]),
        'the teams in the cases by team')

    # decisions due this week: the recorded case, its deadline dd/mm/yyyy
    deadline = panel(page, PANELS['deadline']).locator('tbody tr').filter(
        has_text=RECORDED_OFFENDER)
    deadline.first.wait_for()
    shown = re.findall(r'\d{2}/\d{2}/\d{4}', deadline.first.inner_text())
    dates = [dt.datetime.strptime(d, '%d/%m/%Y').date() for d in shown]
    assert any(0 <= (d - today).days <= 7 for d in dates), shown
    expect(deadline.first.locator(
            f'.column-selection[title="{STATE_RECORDED}"]')).to_have_count(1)

    # money collected this month, with Vietnamese separators
    money = panel(page, PANELS['money'])
    month = today.replace(day=1).strftime('%d/%m/%Y')
    row = money.locator('tbody tr').filter(has_text=month)
    row.first.wait_for()
    assert FINES_COLLECTED in money.locator('thead').inner_text()
    # the payment belongs to team 3's case
    shown = ' | '.join(row.all_inner_texts())
    team3 = row.filter(has_text=TEAMS[2])
    assert team3.count() == 1, shown
    assert set(re.findall(r'\d{1,3}(?:\.\d{3})+', team3.inner_text())
        ) & COLLECTED, shown
    # only this month and the same month last year
    months = set(re.findall(r'\d{2}/\d{2}/\d{4}', ' '.join(
                money.locator('tbody').all_inner_texts())))
    assert months <= {month, today.replace(day=1, year=today.year - 1
            ).strftime('%d/%m/%Y')}, months
    # seizures past their term: every term shown is before today (the
    # demo's held seizure ends in the coming days: not shown)
    goods = panel(page, PANELS['goods'])
    # (rows of records: the list may end with a "more" row)
    for text in goods.locator('tbody tr').filter(
            has=page.locator('.column-date')).all_inner_texts():
        # seizure_list: seizure date, ..., term end (the last date)
        dates = re.findall(r'\d{2}/\d{2}/\d{4}', text)
        assert dates, text
        assert dt.datetime.strptime(dates[-1], '%d/%m/%Y').date() < today, text

    DOCS.mkdir(parents=True, exist_ok=True)
    panel(page, PANELS['state']).scroll_into_view_if_needed()
    shutil.copyfile(shot('dashboard'), DOCS / 'leader.png')

    # The statistics of the month: a row per team with cases inspected
    open_menu(page, MENU_STATISTICS)
    rows = list_rows(page)
    # the table loads once the period form has its defaults (this month)
    # (team 3's row on any day: the demo's payment is made today)
    wait_until(page, lambda: rows.filter(has_text=TEAMS[2]).count() > 0,
        'the statistics of team 3')
    wait_idle(page)
    assert CASES_INSPECTED in page.locator(f'{TAB} thead').first.inner_text()
    expect(page.locator(f'{TAB} input[name="from_date"]')).to_have_value(
        month)
    shot('statistics')
    # the last 30 days: on the first days of a month the demo's cases were
    # inspected in the month before
    choose_any_period(page)
    fill_date(page, 'from_date',
        (today - dt.timedelta(days=30)).strftime('%d/%m/%Y'))
    for team in TEAMS[:3]:
        wait_until(page, lambda: rows.filter(has_text=team).count() > 0,
            f'the statistics of {team} over 30 days')

    fail_on_error_dialog(page)
    assert not page.js_errors, page.js_errors
