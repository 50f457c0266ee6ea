"""The inspector's day in the web client, in Vietnamese.

kiemsoatvien11 (Trần Minh Đức, team 1) logs in: their menu starts with
tips and cases.  They create a case (team 1 by default, offender, area,
inspection today, themselves as inspector), start the inspection, add a
violation (ND98-A15-K1-c, goods 8.000.000 VND, fine 3.000.000 at the
midpoint of its bracket) and record the minutes (MBB01).

An inspector has no right to decide (the "decide" buttons belong to
the team leaders, qltt_cases case.xml and decide.xml; the controller's
sanctioning authority of Decree 189/2025 Art 12 is 10 % of the field
maximum): the leader of team 1, doitruong1, logs in, finds the case among
those awaiting a decision, signs and decides it in the decision dialog
(today's date proposed).  A wrong password first is said so.  Asserts on
what the page shows: menus, states, dd/mm/yyyy dates, amounts with
Vietnamese separators, the decision number.
"""
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from saoui import (
    MENU_ROOT, MODAL, SAO_NEW, TAB, DATE_RE, click_button,
    fail_on_error_dialog, field, fill_date, fill_float, fill_many2one,
    list_rows, login, login_menus, one2many, open_menu, open_page, open_row,
    save, submit_login, vnd, wait_idle,
    wait_selection, wait_until, top_menus, expand_menu, logout)

pytestmark = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium)")

DOCS = Path(__file__).resolve().parents[2] / 'docs' / 'screenshots'

INSPECTOR = 'kiemsoatvien11'
INSPECTOR_NAME = "Trần Minh Đức"
TEAM_LEADER = 'doitruong1'
SIGNER = "Nguyễn Văn Hùng"
TEAM = "Đội 01"              # its short name (demo.py)
OFFENDER = "Hộ kinh doanh Nguyễn Thị Thu"
AREA = "Phường Kinh Bắc"
DESCRIPTION = "Kiểm tra đột xuất theo tin báo của người dân (kiểm thử)"
LEGAL_BASIS = 'ND98-A15-K1-c'
GOODS_VALUE = 8_000_000
FINE = 3_000_000                        # midpoint of 2.000.000-4.000.000

# Labels of addons/qltt_cases/locale/vi.po (and override/vi.po)
EMPLOYEE_NAME = "Họ và tên"             # company.employee,party
MENU_TIPS = "Tin báo"
MENU_CASES = "Vụ việc"
STATE_DRAFT = "Nháp"
STATE_INSPECTING = "Đang kiểm tra"
STATE_RECORDED = "Đã lập biên bản"
STATE_DECIDED = "Đã ra quyết định"
PAGE_VIOLATIONS = "Hành vi vi phạm"
PAGE_DEADLINES = "Thời hạn"
PAGE_DOCUMENTS = "Văn bản"
START = "Bắt đầu kiểm tra"
RECORD = "Lập biên bản vi phạm"
DECIDE = "Ra quyết định"
CONFIRM_RECORD = "Lập Biên bản vi phạm hành chính (MBB01)?"
ISSUE_DECISION = "Ban hành quyết định"        # the dialog's confirmation
WRONG_PASSWORD = "Sai tên đăng nhập hoặc mật khẩu"
PASSWORD_PROMPT = "Mật khẩu của"


def add_inspector(page, name):
    "Add an employee to the inspectors (Many2Many: type, pick the completion)"
    widget = page.locator(f'{TAB} .form-many2many').filter(
        has=page.locator('input')).first
    entry = widget.locator('input').first
    completion = widget.locator('.dropdown-completion li.completion'
        ':visible').filter(has_text=name)
    for _ in range(3):
        wait_idle(page)
        entry.fill(name)
        try:
            completion.first.wait_for(timeout=5_000)
            break
        except PlaywrightTimeoutError:
            fail_on_error_dialog(page)
    completion.first.click()
    wait_idle(page)
    expect(widget.locator('tbody tr').filter(has_text=name)).to_have_count(1)
    # the upstream label of the employee's party, translated by
    # qltt_cases/locale/override/vi.po
    assert EMPLOYEE_NAME in widget.locator('thead').inner_text()


def test_role_inspector(page, demo_server, shot):
    today = dt.date.today().strftime('%d/%m/%Y')

    # a wrong password is said so, in Vietnamese (config/sao/custom.js)
    page.goto(f'{demo_server.url}#{demo_server.database}')
    ask = submit_login(page, INSPECTOR)
    expect(ask).to_contain_text(PASSWORD_PROMPT)
    ask.locator('input[type="password"]').fill('not-the-password')
    ask.locator('.btn-primary').click()
    expect(ask).to_contain_text(WRONG_PASSWORD, timeout=30_000)
    shot('wrong-password')
    ask.locator('input[type="password"]').fill(demo_server.password)
    ask.locator('.btn-primary').click()
    menus = login_menus(page, INSPECTOR)
    # the inspector's menu: Market Surveillance, and in it tips then cases
    assert menus[0] == MENU_ROOT, menus
    expand_menu(page, MENU_ROOT)
    entries = top_menus(page)
    assert entries[1:3] == [MENU_TIPS, MENU_CASES], entries
    shot('menu')
    DOCS.mkdir(parents=True, exist_ok=True)

    # Cases of team 1: the list in Vietnamese
    open_menu(page, MENU_CASES)
    list_rows(page).first.wait_for()
    wait_idle(page)
    assert list_rows(page).filter(has_text=TEAM).count() >= 1
    shutil.copyfile(shot('cases'), DOCS / 'inspector.png')

    # A new case: team 1 comes by default (the inspector's only team)
    page.locator(f'{TAB} button#new_').click()
    wait_until(page, lambda: page.locator(
            f'{TAB} select[name="state"]').count() > 0, 'the new case form')
    wait_idle(page)
    wait_selection(page, 'state', STATE_DRAFT)
    expect(page.locator(f'{TAB} input[name="team"]')).to_have_value(TEAM)
    fill_many2one(page, TAB, 'offender', OFFENDER, OFFENDER)
    fill_date(page, 'inspection_date', today)
    fill_many2one(page, TAB, 'area', AREA, AREA)
    add_inspector(page, INSPECTOR_NAME)
    page.locator(f'{TAB} textarea[name="description"]').fill(DESCRIPTION)
    save(page)
    number = field(page, 'number')
    wait_until(page, lambda: number.input_value() != '', 'the case number')
    case_number = number.input_value()
    shot('new-case')

    # Draft -> inspecting
    click_button(page, 'start_inspection', START)
    wait_selection(page, 'state', STATE_INSPECTING)

    # A violation with its legal basis and the value of the goods
    open_page(page, PAGE_VIOLATIONS)
    violations = one2many(page, PAGE_VIOLATIONS)
    violations.locator(f'button[title="{SAO_NEW}"]').click()
    dialog = page.locator(MODAL).last
    dialog.locator('input[name="legal_basis"]').wait_for()
    wait_idle(page)
    fill_many2one(page, MODAL, 'legal_basis', LEGAL_BASIS, LEGAL_BASIS)
    fill_float(page, MODAL, 'goods_value', GOODS_VALUE)
    expect(field(page, 'fine', MODAL)).to_have_value(vnd(FINE))
    shot('violation')
    dialog.locator('.modal-footer .btn-primary').click()
    dialog.wait_for(state='detached')
    expect(violations.locator('tbody tr').filter(
            has_text=LEGAL_BASIS)).to_contain_text(vnd(GOODS_VALUE))

    # The minutes today: "Lập biên bản vi phạm"
    open_page(page, PAGE_DEADLINES)
    fill_date(page, 'minutes_date', today)
    click_button(page, 'record', RECORD, confirm=CONFIRM_RECORD)
    wait_selection(page, 'state', STATE_RECORDED)
    deadline = field(page, 'decision_deadline').input_value()
    assert DATE_RE.match(deadline), deadline
    # an inspector cannot decide: Tryton shows the button disabled to a
    # user outside its groups (ir.model.button-res.group of case.xml)
    expect(page.locator(f'{TAB} button[name="decide_dialog"]')
        ).to_be_disabled()
    shot('recorded')

    # The team leader decides
    logout(page)
    login(page, demo_server, TEAM_LEADER)
    open_menu(page, MENU_ROOT, MENU_CASES)
    row = list_rows(page).filter(has_text=case_number)
    row.first.wait_for()
    expect(row.locator(f'.column-selection[title="{STATE_RECORDED}"]')
        ).to_have_count(1)
    open_row(page, row.first)
    expect(field(page, 'number')).to_have_value(case_number)
    open_page(page, PAGE_DEADLINES)
    expect(field(page, 'decision_deadline')).to_have_value(deadline)
    fill_many2one(page, TAB, 'decision_signer', SIGNER, SIGNER)
    # the dialog proposes today and the case's signer, then issues (#23)
    click_button(page, 'decide_dialog', DECIDE)
    dialog = page.locator(MODAL).last
    dialog.locator('input[name="decision_signer"]').wait_for()
    wait_idle(page)
    expect(field(page, 'decision_date', MODAL)).to_have_value(today)
    expect(dialog.locator('input[name="decision_signer"]')).to_have_value(
        re.compile('^' + re.escape(SIGNER)))
    dialog.locator('.modal-footer button').filter(
        has_text=ISSUE_DECISION).click()
    wait_idle(page)
    fail_on_error_dialog(page)
    wait_selection(page, 'state', STATE_DECIDED)
    open_page(page, PAGE_VIOLATIONS)
    expect(field(page, 'fine_total')).to_have_value(vnd(FINE))
    open_page(page, PAGE_DOCUMENTS)
    documents = one2many(page, PAGE_DOCUMENTS)
    decision = documents.locator('tbody tr').filter(has_text='QĐ-XPHC')
    decision.wait_for()
    assert re.search(r'\d{8}/QĐ-XPHC', decision.inner_text())
    assert SIGNER in decision.inner_text()
    shot('decided')

    fail_on_error_dialog(page)
    assert not page.js_errors, page.js_errors
