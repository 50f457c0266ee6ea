"""The pictures of the user guide (docs/huong-dan), taken on the demo.

Each role logs in as a new user would and lands on its work (its group's
home action, addons/qltt_cases/home.py): the test checks the first screen,
walks the role's daily screens and saves each as
docs/huong-dan/img/<role>-NN-<what>.png (1440×900, 256 colours), so that
the guide shows the screens as they are whenever this test runs.  Nothing
is changed in the demo: the screens are only opened.

Then the guide itself: served by trytond at /huong-dan/ (built by `make
sao`, scripts/build_guide.py), every page and picture it links answers 200,
and the menu entry "Hướng dẫn sử dụng" opens it.
"""
import datetime as dt
import re
import subprocess
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from saoui import (
    ERROR_DIALOGS, MENU_ROOT, MODAL, TAB, expand_menu, fail_on_error_dialog,
    fill_date, fill_many2one, list_rows, login, menu_entry, open_menu, reload,
    tab_title, top_menus, wait_idle, wait_until)

pytestmark = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium)")

ROOT = Path(__file__).resolve().parents[2]
IMG = ROOT / 'docs' / 'huong-dan' / 'img'
VIEWPORT = {'width': 1440, 'height': 900}

# The first screen of each role: the tab opened at login (the names of the
# groups' home actions in the modules' locale/vi.po)
HOME = {
    'kiemsoatvien11': "Vụ việc",
    'doitruong1': "Vụ việc",
    'lanhdao': "Bảng điều khiển",
    'thukho': "Tạm giữ tang vật",
    'ketoan': "Tiền phạt",
    'tochuc': "Hồ sơ công chức",
    'vanthu': "Văn bản đến",
    }
GUIDE_MENU = "Hướng dẫn sử dụng"


@pytest.fixture
def guide_page(browser, demo_server, request):
    "A page of the guide's size; the failure picture as for `page`"
    context = browser.new_context(viewport=VIEWPORT, locale='vi-VN',
        timezone_id='Asia/Ho_Chi_Minh')
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.js_errors = []
    page.on('pageerror', lambda error: page.js_errors.append(str(error)))
    yield page
    report = getattr(request.node, 'report_call', None)
    if report is not None and report.failed:
        failure = ROOT / 'var' / 'screenshots' / (
            f'{request.node.name}-failure.png')
        failure.parent.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(failure))
        except Exception as exception:
            print(f"no failure screenshot: {exception}")
        print(f"trytond log (end):\n{demo_server.log_tail()}")
    context.close()


class Pictures:
    "picture('what'): docs/huong-dan/img/<role>-NN-what.png"

    def __init__(self, page, role):
        self.page = page
        self.role = role
        self.count = 0
        IMG.mkdir(parents=True, exist_ok=True)
        # the role's pictures of a former run: taken again below
        for old in IMG.glob(f'{role}-*.png'):
            old.unlink()

    def __call__(self, what, page=None):
        "page: another page than the role's (the guide's browser tab)"
        page = page or self.page
        if page is self.page:
            wait_idle(page)
            # dialogs fade in (Bootstrap's .fade, 0.15-0.3 s)
            page.wait_for_function("() => [...document.querySelectorAll("
                "'.modal.in')].every(m => getComputedStyle(m).opacity "
                "=== '1')")
        self.count += 1
        path = IMG / f'{self.role}-{self.count:02d}-{what}.png'
        page.screenshot(path=str(path))
        # 256 colours: a screen of the web client stays readable in a
        # quarter of the size
        with Image.open(path) as image:
            small = image.convert('RGB').quantize(colors=256)
        small.save(path, optimize=True)
        assert path.stat().st_size > 5_000, path
        with Image.open(path) as image:
            assert image.size == (VIEWPORT['width'], VIEWPORT['height'])
        return path


def land(page, server, user):
    """Log in as user and wait for the first screen of the role; returns
    the top menus"""
    menus = login(page, server, user)
    expected = HOME[user]
    wait_until(page, lambda: tab_title(page) == expected,
        f'the first screen "{expected}" of {user} '
        f'(shown: "{tab_title(page)}")')
    wait_idle(page)
    return menus


def open_record(page, text):
    """Open the row of the current list showing text (double click a cell
    of text, date or number: a Many2One cell is a link)"""
    row = list_rows(page).filter(has_text=text)
    wait_until(page, lambda: row.count() > 0, f'the row "{text}"')
    row.first.locator('.column-char, .column-date, .column-selection, '
        '.column-float, .column-integer').first.dblclick()
    wait_until(page, lambda: page.locator(
            f'{TAB} .form-container:visible').count() > 0,
        f'the form of "{text}"')
    wait_idle(page)


def switch_domain(page, name):
    "Show the list of the tab named `name` of the current action"
    page.locator(f'{TAB} .nav-tabs a').filter(
        has_text=re.compile(rf'^\s*{re.escape(name)}')).first.click()
    wait_idle(page)


def back_to_list(page):
    "Switch the current tab from its form back to its list"
    page.locator(f'{TAB} button#switch_').click()
    wait_idle(page)


def check_clean(page):
    fail_on_error_dialog(page)
    assert not page.js_errors, page.js_errors


def test_inspector(guide_page, demo_server):
    page = guide_page
    picture = Pictures(page, 'kiem-soat-vien')
    land(page, demo_server, 'kiemsoatvien11')
    # the open cases of team 1 only, each with its decision deadline
    rows = list_rows(page)
    # the recorded case of the demo (the draft one may have moved on in
    # the browser tests run before: test_demo_case)
    wait_until(page, lambda: rows.filter(
            has_text="Cửa hàng điện máy Kinh Bắc").count() > 0,
        "the team's recorded case")
    text = ' '.join(rows.all_inner_texts())
    assert "Công ty TNHH Điện tử Phù Chẩn" not in text, text     # team 2
    assert "Đội 02" not in text and "Đội 03" not in text, text
    picture('vu-viec-dang-xu-ly')
    open_record(page, "Cửa hàng điện máy Kinh Bắc")
    picture('vu-viec-da-lap-bien-ban')
    open_menu(page, MENU_ROOT, "Tin báo")
    picture('tin-bao')
    check_clean(page)


def test_team_leader(guide_page, demo_server):
    page = guide_page
    picture = Pictures(page, 'doi-truong')
    land(page, demo_server, 'doitruong1')
    picture('vu-viec-dang-xu-ly')
    open_record(page, "Cửa hàng điện máy Kinh Bắc")
    # the recorded case waits for the team leader's decision
    assert page.locator(f'{TAB} button[name="decide_dialog"]').is_visible()
    picture('vu-viec-cho-quyet-dinh')
    open_menu(page, MENU_ROOT, "Vụ việc", "Thời hạn ra quyết định")
    picture('lich-thoi-han')
    check_clean(page)


def test_leader(guide_page, demo_server):
    page = guide_page
    picture = Pictures(page, 'lanh-dao')
    land(page, demo_server, 'lanhdao')
    board = page.locator(f'{TAB} .board-action')
    wait_until(page, lambda: board.count() >= 4, 'the panels of the board')
    wait_until(page, lambda: page.locator(f'{TAB} svg').count() > 0,
        'the graphs of the board')
    picture('bang-dieu-khien')
    open_menu(page, MENU_ROOT, "Thống kê")
    wait_until(page, lambda: list_rows(page).filter(
            has_text="Đội 01").count() > 0,
        'the statistics of team 1')
    picture('thong-ke')
    check_clean(page)


def test_keeper(guide_page, demo_server):
    page = guide_page
    picture = Pictures(page, 'thu-kho')
    menus = land(page, demo_server, 'thukho')
    # the drafts to hold first: the rice cookers seized today
    rows = list_rows(page)
    wait_until(page, lambda: rows.filter(has_text="NP-KB-01").count() > 0
        or rows.count() > 0, 'the seizures to hold')
    picture('tam-giu-cho-nhap-kho')
    open_record(page, "Nháp")
    assert page.locator(f'{TAB} button[name="hold"]').is_visible()
    picture('bien-ban-tam-giu')
    back_to_list(page)
    switch_domain(page, "Sắp hết thời hạn tạm giữ")
    picture('sap-het-thoi-han')
    open_menu(page, menus[0], "Tang vật đang bảo quản")
    picture('tang-vat-dang-bao-quan')
    check_clean(page)


def test_accountant(guide_page, demo_server):
    page = guide_page
    picture = Pictures(page, 'ke-toan')
    menus = land(page, demo_server, 'ketoan')
    picture('tien-phat-dang-xu-ly')
    open_record(page, "Hộ kinh doanh Trần Văn Tú")
    picture('khoan-tien-phat')
    open_menu(page, menus[0], "Nộp tiền phạt")
    picture('nop-tien-phat')
    check_clean(page)


def test_hr_officer(guide_page, demo_server):
    page = guide_page
    picture = Pictures(page, 'to-chuc')
    land(page, demo_server, 'tochuc')
    # the cards expiring first (none in the demo), then every officer
    switch_domain(page, "Tất cả")
    wait_until(page, lambda: list_rows(page).count() > 5, 'the officers')
    picture('ho-so-cong-chuc')
    open_record(page, "Trần Minh Đức")
    picture('ho-so-mot-cong-chuc')
    check_clean(page)


def test_clerk(guide_page, demo_server):
    page = guide_page
    picture = Pictures(page, 'van-thu')
    land(page, demo_server, 'vanthu')
    # the letters received, to assign (the demo's other one is assigned)
    rows = list_rows(page).filter(has_text="Sở Công Thương tỉnh Bắc Ninh")
    wait_until(page, lambda: rows.count() == 1, 'the letter to assign')
    picture('van-ban-den')
    open_record(page, "Sở Công Thương tỉnh Bắc Ninh")
    assert page.locator(f'{TAB} button[name="assign"]').is_visible()
    picture('van-ban-den-cho-phan-cong')
    check_clean(page)


def test_admin(guide_page, demo_server):
    """The administrator's first login opens no configuration wizard (the
    demo completed it); the guide's menu entry opens the guide"""
    page = guide_page
    picture = Pictures(page, 'quan-tri')
    login(page, demo_server, 'admin')
    wait_idle(page)
    assert page.locator('.tab-wizard').count() == 0, \
        "the module configuration wizard opened at the admin's login"
    menus = top_menus(page)
    assert GUIDE_MENU in menus, menus
    picture('menu')
    expand_menu(page, MENU_ROOT)
    entries = top_menus(page)
    configuration = "Cấu hình"
    assert configuration in entries, entries
    expand_menu(page, configuration)
    open_menu(page, "Đội Quản lý thị trường")
    picture('doi-quan-ly-thi-truong')

    # the menu entry of the guide opens it in a new browser tab
    with page.context.expect_page() as opened:
        menu_entry(page, GUIDE_MENU).first.click()
    guide = opened.value
    guide.wait_for_load_state()
    assert guide.url.endswith('/huong-dan/index.html'), guide.url
    assert "Hướng dẫn sử dụng" in guide.title(), guide.title()
    guide.set_viewport_size(VIEWPORT)
    picture('huong-dan', page=guide)
    check_clean(page)


def test_refusal(guide_page, demo_server):
    """A refusal as the user sees it: the team leader dates the decision of
    the recorded case after its deadline; the dialog names the case, the
    deadline and the article, and nothing is saved"""
    page = guide_page
    picture = Pictures(page, 'tu-choi')
    land(page, demo_server, 'doitruong1')
    open_record(page, "Cửa hàng điện máy Kinh Bắc")
    page.locator(f'{TAB} button[name="decide_dialog"]').click()
    wizard = page.locator(MODAL).last
    wizard.locator('input[name="decision_signer"]').wait_for()
    # far beyond any deadline of Law Art 66(1) (at most two months)
    late = (dt.date.today() + dt.timedelta(days=120)).strftime('%d/%m/%Y')
    fill_date(page, 'decision_date', late, MODAL)
    fill_many2one(page, MODAL, 'decision_signer', "Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng")
    wizard.locator('.modal-footer button.btn-primary').click()
    dialog = page.locator(ERROR_DIALOGS)
    dialog.first.wait_for(state='visible')
    text = dialog.first.inner_text().lower()
    assert "vụ việc" in text and "thời hạn" in text, text
    picture('qua-thoi-han')
    dialog.first.locator('.modal-footer button').first.click()
    if wizard.is_visible():
        wizard.locator('.modal-footer button').first.click()     # Cancel
    # nothing was saved: the case still waits for its decision
    reload(page)
    assert page.locator(f'{TAB} button[name="decide_dialog"]').is_enabled()


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'a' and attrs.get('href'):
            self.links.append(attrs['href'])
        elif tag == 'img':
            self.links.append(attrs['src'])


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        pytest.fail(f"{url}: HTTP {error.code}")


def test_guide_served(demo_server):
    "Every page and picture of the guide answers 200 through trytond"
    # the pictures taken above into the served copy (make sao rebuilds the
    # guide when docs/huong-dan changed)
    subprocess.run(['make', '--no-print-directory', 'sao'], cwd=ROOT,
        check=True)
    base = demo_server.url + 'huong-dan/'
    status, index = get(base + 'index.html')
    assert status == 200
    assert "Hướng dẫn sử dụng" in index.decode('utf-8')
    seen, todo, pictures = set(), ['index.html'], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        status, text = get(base + name)
        assert status == 200, name
        parser = Links()
        parser.feed(text.decode('utf-8'))
        for link in parser.links:
            target = link.split('#')[0]
            if not target or '://' in target or target.startswith('/'):
                continue
            if target.endswith('.html'):
                todo.append(target)
            else:
                pictures.add(target)
    # index + the 8 roles' chapters + the refusals
    assert len(seen) >= 10, sorted(seen)
    assert pictures
    # the pictures taken above are those the guide shows (docs/huong-dan)
    assert pictures == {f'img/{p.name}' for p in IMG.glob('*.png')}, (
        pictures ^ {f'img/{p.name}' for p in IMG.glob('*.png')})
    for target in sorted(pictures):
        status, data = get(base + target)
        assert status == 200 and len(data) > 5_000, target
