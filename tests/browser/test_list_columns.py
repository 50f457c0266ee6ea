"""The lists each role works in daily are readable at 1440x900 (issue #23):
the key columns show their whole text (no "TG-2026-00001-…", no cut
offender name, amount or state) and the list fits the window without a
horizontal scroll bar.

A cell is cut when its text is wider than the cell (scrollWidth >
clientWidth: sao cuts with an ellipsis); the test reads every row shown.
"""
from pathlib import Path

import pytest

from saoui import (
    MENU_ROOT, TAB, expand_menu, fail_on_error_dialog, list_rows, login,
    open_menu, wait_idle, wait_until)

pytestmark = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium)")

VIEWPORT = {'width': 1440, 'height': 900}

# Labels of the modules' locale/vi.po
STATE = "Trạng thái"
CASE = "Vụ việc"
OFFENDER = "Đối tượng vi phạm"

# (login, menu path, list columns that must show their whole text)
ROLES = {
    'keeper-seizures': ('thukho', ["Kho tang vật", "Tạm giữ tang vật"],
        ["Số", CASE, "Trị giá", STATE]),
    'keeper-custody': ('thukho', ["Kho tang vật", "Tang vật đang bảo quản"],
        ["Lô", CASE, "Số lượng", "Trị giá"]),
    'accountant-fines': ('ketoan',
        ["Tiền phạt và nộp ngân sách", "Tiền phạt"],
        [CASE, OFFENDER, "Tiền phạt", "Còn phải nộp", "Tiền chậm nộp",
            STATE]),
    'accountant-payments': ('ketoan',
        ["Tiền phạt và nộp ngân sách", "Nộp tiền phạt"],
        [CASE, OFFENDER, "Số tiền", STATE]),
    'inspector-cases': ('kiemsoatvien11', [MENU_ROOT, "Vụ việc"],
        ["Số", OFFENDER, "Đội QLTT", STATE]),
    'team-leader-cases': ('doitruong1', [MENU_ROOT, "Vụ việc"],
        ["Số", OFFENDER, "Đội QLTT", STATE]),
    }

# For each header label of the list: its index, whether the header is cut,
# and the cells of the rows shown whose text is cut
MEASURE = '''(args) => {
    const [root, labels] = args;
    const table = document.querySelector(root + ' table.tree');
    const headers = [...table.querySelectorAll('thead > tr > th')];
    const cut = el => el.scrollWidth > el.clientWidth + 1;
    const result = {columns: {}, scroll: null};
    for (const label of labels) {
        const index = headers.findIndex(
            th => th.offsetWidth > 0 && th.innerText.trim() === label);
        if (index < 0) {
            continue;
        }
        const th = headers[index];
        const title = th.querySelector('label');
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
        result.columns[label] = {
            header_cut: cut(title || th), cut: cells,
            width: th.offsetWidth};
    }
    const scroller = table.closest('.treeview');
    result.scroll = [scroller.scrollWidth, scroller.clientWidth];
    return result;
}'''


@pytest.mark.parametrize('role', ROLES)
def test_list_columns(page, demo_server, shot, role):
    user, path, labels = ROLES[role]
    page.set_viewport_size(VIEWPORT)
    login(page, demo_server, user)
    expand_menu(page, path[0])
    open_menu(page, path[-1])
    rows = list_rows(page)
    wait_until(page, lambda: rows.count() > 0, f'the rows of "{path[-1]}"')
    wait_idle(page)
    page.wait_for_timeout(300)      # sao sets the column widths after
    shot(role)
    result = page.evaluate(MEASURE, [TAB, labels])
    missing = [l for l in labels if l not in result['columns']]
    assert not missing, (missing, page.locator(
            f'{TAB} table.tree thead').inner_text())
    problems = {label: column for label, column in result['columns'].items()
        if column['cut'] or column['header_cut']}
    assert not problems, problems
    # the whole list fits in the window: no horizontal scroll bar
    scroll_width, client_width = result['scroll']
    assert scroll_width <= client_width + 1, result
    fail_on_error_dialog(page)
    assert not page.js_errors, page.js_errors
