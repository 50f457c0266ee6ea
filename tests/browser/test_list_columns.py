"""The lists each role works in daily are readable at 1440x900 beside the
menu (issue #23): the key columns show their whole text (no
"TG-2026-00001-…", no cut offender name, amount or state), no column title
is cut, and the list fits the window without a horizontal scroll bar.

The test opens the tab of all the records (the 2022 ones too, and the
state column, which a tab of one state hides) and reads every row shown.
A cell is cut when its text is wider than the cell (sao cuts it with an
ellipsis; the whole text stays in its tooltip).  Offender names longer than
LONG_NAME characters (some companies' full names) may be cut: the name
column keeps room for the others.
"""
from pathlib import Path

import pytest

from saoui import (
    MENU_ROOT, TAB, expand_menu, fail_on_error_dialog, list_rows, login,
    open_menu, wait_idle, wait_until)

pytestmark = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium)")

VIEWPORT = {'width': 1440, 'height': 900}
LONG_NAME = 45

# Labels of the modules' locale/vi.po
STATE = "Trạng thái"
CASE = "Vụ việc"
OFFENDER = "Đối tượng vi phạm"
VALUE = "Trị giá"
ALL = "Tất cả"                          # the tab of all records
MENU_KEEPER = "Kho tang vật"
MENU_ACCOUNTANT = "Tiền phạt và nộp ngân sách"

# (login, menu path, the columns that show their whole text)
ROLES = {
    'keeper-seizures': ('thukho', [MENU_KEEPER, "Tạm giữ tang vật"],
        ["Số", CASE, "Kho tang vật", VALUE, "Hết hạn tạm giữ", STATE]),
    'keeper-custody': ('thukho', [MENU_KEEPER, "Tang vật đang bảo quản"],
        ["Lô", CASE, "Số lượng", VALUE, "Hết hạn tạm giữ", "Kho tang vật"]),
    'accountant-fines': ('ketoan', [MENU_ACCOUNTANT, "Tiền phạt"],
        [CASE, OFFENDER, "Hạn nộp", "Tiền phạt", "Còn phải nộp",
            "Tiền chậm nộp", STATE]),
    'accountant-payments': ('ketoan', [MENU_ACCOUNTANT, "Nộp tiền phạt"],
        ["Ngày", CASE, OFFENDER, "Số tiền", "Tiền phạt", "Tiền chậm nộp",
            STATE]),
    'inspector-cases': ('kiemsoatvien11', [MENU_ROOT, "Vụ việc"],
        ["Số", "Ngày kiểm tra", "Đội QLTT", OFFENDER, "Tổng tiền phạt",
            "Hạn ra QĐ", STATE]),
    'team-leader-cases': ('doitruong1', [MENU_ROOT, "Vụ việc"],
        ["Số", "Đội QLTT", OFFENDER, "Tổng tiền phạt", STATE]),
    }

# The columns shown: their title, whether the title is cut, and the texts
# of the cells cut in the rows shown; the list's scroll and client widths
MEASURE = '''(root) => {
    const table = document.querySelector(root + ' table.tree');
    const cut = el => el.scrollWidth > el.clientWidth + 1;
    const columns = [];
    const headers = [...table.querySelectorAll('thead > tr > th')];
    headers.forEach((th, index) => {
        const label = th.querySelector('label');
        if (!label || !th.offsetWidth) {
            return;
        }
        const cells = [];
        for (const row of table.querySelectorAll('tbody > tr')) {
            const td = row.children[index];
            if (!td || !row.offsetWidth) {
                continue;
            }
            const text = td.querySelector(
                '[class^="column-"], [class*=" column-"]') || td;
            if (cut(td) || cut(text)) {
                cells.push(text.innerText.trim());
            }
        }
        columns.push({label: th.innerText.trim(), header_cut: cut(label),
            cut: cells, width: th.offsetWidth});
    });
    const scroller = table.closest('.treeview');
    return {columns: columns,
        scroll: [scroller.scrollWidth, scroller.clientWidth]};
}'''


@pytest.mark.parametrize('role', ROLES)
def test_list_columns(page, demo_server, shot, role):
    user, path, labels = ROLES[role]
    page.set_viewport_size(VIEWPORT)
    login(page, demo_server, user)
    expand_menu(page, path[0])
    open_menu(page, path[-1])
    all_tab = page.locator(f'{TAB} .tab-domain a').filter(has_text=ALL)
    if all_tab.count():
        all_tab.click()
    rows = list_rows(page)
    wait_until(page, lambda: rows.count() > 1, f'the rows of "{path[-1]}"')
    wait_idle(page)
    page.wait_for_timeout(300)      # sao sets the column widths after
    shot(role)
    result = page.evaluate(MEASURE, TAB)
    columns = {c['label']: c for c in result['columns']}
    assert [l for l in labels if l not in columns] == [], list(columns)

    # no column title is cut
    assert [c for c in result['columns'] if c['header_cut']] == []
    # the key columns show their whole text
    cut = {label: columns[label]['cut'] for label in labels
        if columns[label]['cut']}
    if OFFENDER in cut:
        cut[OFFENDER] = [n for n in cut[OFFENDER] if len(n) <= LONG_NAME]
        if not cut[OFFENDER]:
            del cut[OFFENDER]
    assert cut == {}, (cut, columns)
    # the whole list fits in the window: no horizontal scroll bar
    scroll_width, client_width = result['scroll']
    assert scroll_width <= client_width + 1, result
    fail_on_error_dialog(page)
    assert not page.js_errors, page.js_errors
