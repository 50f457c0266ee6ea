"""Helpers to drive the sao web client (jQuery/Bootstrap DOM) in the
browser tests of each role: log in, open a menu, fill fields, click the
buttons of a form, wait for the server.

Every helper fails the test at once when sao shows an error dialog, with
the dialog's message.
"""
import re
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

# sao (jQuery/Bootstrap) DOM
TAB = '#tabcontent > .tab-pane.active'          # the current tab
MODAL = '.modal.in:visible'
ERROR_DIALOGS = ('.error-dialog:visible, .warning-dialog:visible, '
    '.user-warning-dialog:visible, .message-dialog:visible')
DATE_RE = re.compile(r'^\d{2}/\d{2}/\d{4}$')

# Labels of sao (config/sao/locale/vi.json)
SAO_NEW = "Tạo mới"                     # New
SAO_SAVE = "Lưu"                        # Save

# Labels of the qltt modules (locale/vi.po)
MENU_ROOT = "Quản lý thị trường"        # Market Surveillance


def vnd(amount):
    "30000000 -> '30.000.000' (vi: '.' groups thousands)"
    return f'{amount:,}'.replace(',', '.')


def fail_on_error_dialog(page):
    dialogs = page.locator(ERROR_DIALOGS)
    if dialogs.count():
        text = ' | '.join(t.strip() for t in dialogs.all_inner_texts())
        pytest.fail(f"sao shows an error dialog: {text}")


def wait_idle(page):
    "No RPC in flight (sao calls the server with jQuery.ajax)"
    page.wait_for_function(
        '() => window.jQuery !== undefined && jQuery.active === 0')


def wait_until(page, condition, what, timeout=30):
    "Poll condition(); fail at once if sao shows an error dialog"
    deadline = time.monotonic() + timeout
    while True:
        fail_on_error_dialog(page)
        if condition():
            return
        if time.monotonic() > deadline:
            pytest.fail(f"timed out ({timeout}s) waiting for {what}")
        page.wait_for_timeout(150)


def close_wizard(page, wizard):
    """Cancel the wizard once loaded.  sao ignores a wizard button clicked
    while it still processes the state: click again until it is gone."""
    wizard.locator('.form-container').first.wait_for()
    cancel = wizard.locator('.modal-footer button.btn-link')    # Cancel
    cancel.wait_for(state='visible')
    for _ in range(10):
        wait_idle(page)
        cancel.click()
        try:
            wizard.wait_for(state='detached', timeout=2_000)
            return
        except PlaywrightTimeoutError:
            fail_on_error_dialog(page)
    pytest.fail("the module configuration wizard does not close")


def menu_entry(page, title):
    return page.locator(f'#menu .column-char[title="{title}"]')


def login(page, server, user):
    """Log in as user (password of the demo) and wait for the menu; returns
    the titles of the top menus in their order"""
    dialog = page.locator('.login-dialog')
    if not dialog.count():
        page.goto(f'{server.url}#{server.database}')
    expect(dialog.locator('input#database')).to_have_value(server.database)
    ask = submit_login(page, user)
    ask.locator('input[type="password"]').fill(server.password)
    ask.locator('.btn-primary').click()
    return login_menus(page, user)


def submit_login(page, user, timeout=90):
    """Submit user in the login dialog until sao asks for the password;
    returns the password dialog.  The server answers late when the trust
    tests load the machine (sao keeps the form disabled meanwhile); a
    click sao did not take leaves the form enabled with no request in
    flight for a while: submit again."""
    dialog = page.locator('.login-dialog')
    # sao ignores the form until it knows the database (Sao.DB.list)
    expect(dialog.locator('input#database')).not_to_have_value('')
    dialog.locator('#login').fill(user)
    submit = dialog.locator('button[type="submit"]')
    ask = page.locator('.ask-dialog:visible')
    deadline = time.monotonic() + timeout
    clicked = time.monotonic()
    submit.click()
    while not ask.locator('input[type="password"]').count():
        fail_on_error_dialog(page)
        now = time.monotonic()
        if now > deadline:
            pytest.fail(f"no password prompt {timeout}s after the login "
                f"of {user} (form disabled: {submit.is_disabled()}, "
                f"requests in flight: {page.evaluate('jQuery.active')})")
        idle = (submit.is_enabled()
            and not page.evaluate('jQuery.active'))
        if not idle:
            clicked = now
        elif now - clicked > 3:
            submit.click()
            clicked = now
        page.wait_for_timeout(150)
    return ask


def login_menus(page, user):
    """Wait for the menu after the password of user was given; returns
    the titles of the top menus in their order"""
    # the admin's first login runs the module configuration wizard
    wizard = page.locator('.tab-wizard')
    menu = page.locator('#menu tbody tr')
    wait_until(page, lambda: wizard.count() or menu.count(),
        f'the menu after the login of {user}')
    if wizard.count():
        close_wizard(page, wizard)
    menu.first.wait_for()
    wait_idle(page)
    return top_menus(page)


def logout(page):
    "Log out (sao closes the tabs) and wait for the login dialog"
    wait_idle(page)
    page.evaluate('() => Sao.logout()')
    # sao asks to close every tab first: OK
    confirm = page.locator('.confirmation-dialog:visible .btn-primary')
    login_dialog = page.locator('.login-dialog')
    wait_until(page, lambda: confirm.count() or login_dialog.count(),
        'the confirmation to close the tabs or the login dialog')
    if confirm.count():
        confirm.first.click()
    login_dialog.wait_for()
    page.locator('.login-dialog #login').wait_for(state='visible')


def top_menus(page):
    "Titles of the menu rows shown, in order"
    return [t.strip() for t in page.locator(
            '#menu tbody tr:visible .column-char').evaluate_all(
            'cells => cells.map(c => c.getAttribute("title") || "")')]


def expand_menu(page, title):
    row = page.locator('#menu tr').filter(has=page.locator(
        f'.column-char[title="{title}"]'))
    expander = row.first.locator('.expander')
    # an expanded row shows its children: click only when it is closed
    before = len(top_menus(page))
    expander.click()
    wait_idle(page)
    wait_until(page, lambda: len(top_menus(page)) != before,
        f'the sub-menus of "{title}"')


def open_menu(page, *path):
    """Open the menu path, e.g. open_menu(page, "Quản lý thị trường",
    "Vụ việc"): expand each parent and click the last entry"""
    for title in path[:-1]:
        expand_menu(page, title)
    # the tab of the action (named as the menu) becomes the current one; a
    # click landing while sao redraws the menu only expands the entry:
    # click again
    for attempt in range(3):
        wait_idle(page)
        menu_entry(page, path[-1]).first.click()
        try:
            wait_until(page, lambda: tab_title(page) == path[-1],
                f'the tab "{path[-1]}" (shown: "{tab_title(page)}")',
                timeout=15)
            break
        except pytest.fail.Exception:
            if attempt == 2:
                raise
    wait_idle(page)


def tab_title(page):
    "The name of the current tab (its toolbar shows 'Menu / Name')"
    title = page.locator(f'{TAB} .toolbar .title-long')
    if not title.count():
        return ''
    return title.first.inner_text().split(' / ')[-1].strip()


def list_rows(page, root=TAB):
    return page.locator(f'{root} tbody tr')


def form_selection(page, name, root=TAB):
    "The text shown by a selection of the form"
    return page.locator(f'{root} select[name="{name}"]').evaluate(
        's => s.selectedOptions.length ? s.selectedOptions[0].text : ""')


def wait_selection(page, name, text, root=TAB):
    wait_until(page, lambda: form_selection(page, name, root) == text,
        f'the {name} "{text}" (shown: "{form_selection(page, name, root)}")')


def field(page, name, root=TAB):
    "The text input of a form field (floats also have a hidden number input)"
    return page.locator(f'{root} input[name="{name}"]:not([type="number"])')


def open_page(page, title, root=TAB):
    "Open a page (notebook tab) of the current form"
    page.locator(f'{root} .nav-tabs a').filter(
        has_text=re.compile(rf'^\s*{re.escape(title)}\s*$')).click()


def one2many(page, label, root=TAB):
    return page.locator(f'{root} .form-one2many').filter(
        has=page.locator('.form-one2many-string',
            has_text=re.compile(rf'^\s*{re.escape(label)}\s*$')))


def fill_text(page, root, name, value):
    widget = page.locator(f'{root} [name="{name}"]').first
    widget.fill(value)
    widget.press('Tab')
    wait_idle(page)


def choose_any_period(page):
    """Select the statistics' "any range" period, so that its dates can be
    typed: they open once the window has taken the period (its on_change
    may answer after a first selection is redrawn)"""
    period = page.locator(f'{TAB} select[name="period"]')
    period.wait_for()
    wait_idle(page)
    from_date = field(page, 'from_date')
    for _ in range(5):
        period.select_option(label="Khoảng thời gian bất kỳ")
        wait_idle(page)
        # still taken half a second later: an on_change of an earlier
        # selection, sent after the window was idle, sets the period back
        if from_date.is_editable():
            page.wait_for_timeout(500)
            wait_idle(page)
            if from_date.is_editable():
                break
        page.wait_for_timeout(500)
    expect(from_date).to_be_editable()


def fill_date(page, name, value, root=TAB):
    "Type a date as shown in the user's language (dd/mm/yyyy)"
    date = field(page, name, root)
    for _ in range(3):
        wait_idle(page)
        date.fill(value)
        date.press('Tab')
        wait_idle(page)
        if date.input_value() == value:
            break
    expect(date).to_have_value(value)


def fill_many2one(page, root, name, text, choice):
    """Type in a Many2One and pick `choice` in its completion (sao searches
    300 ms after the last key)"""
    widget = page.locator(f'{root} input[name="{name}"]')
    completion = page.locator(f'{root} .dropdown-completion li.completion'
        ':visible').filter(has_text=choice)
    for _ in range(3):
        wait_idle(page)
        widget.fill(text)
        try:
            completion.first.wait_for(timeout=5_000)
            break
        except PlaywrightTimeoutError:
            # the form may have redisplayed the record meanwhile
            fail_on_error_dialog(page)
    completion.first.click()
    wait_idle(page)
    expect(widget).to_have_value(re.compile('^' + re.escape(choice)))


def fill_float(page, root, name, value):
    """sao's Float shows a formatted text input and swaps in a number input
    on focus: type into the number input"""
    page.locator(f'{root} input[type="text"][name="{name}"]').click()
    number = page.locator(f'{root} input[type="number"][name="{name}"]')
    number.wait_for(state='visible')
    number.fill(str(value))
    number.press('Tab')
    wait_idle(page)


def select_option(page, root, name, label):
    page.locator(f'{root} select[name="{name}"]').select_option(label=label)
    wait_idle(page)


def click_button(page, name, label, confirm=None, root=TAB):
    """Click a button of the form shown as `label`, accept its confirmation
    (which must contain `confirm`) if any"""
    button = page.locator(f'{root} button[name="{name}"]')
    assert button.inner_text().strip().lower() == label.lower()
    wait_idle(page)
    button.click()
    if confirm:
        dialog = page.locator('.confirmation-dialog:visible')
        wait_until(page, lambda: dialog.count() > 0,
            f'the confirmation of "{label}"')
        assert confirm in dialog.inner_text()
        dialog.locator('.btn-primary').click()      # OK
    wait_idle(page)


def reload(page):
    "Reload the current tab (an open tab is shown again, not reloaded)"
    wait_idle(page)
    page.locator(f'{TAB} button#reload').click()
    wait_idle(page)


def save(page):
    "Save the record of the current tab with Ctrl+S"
    page.keyboard.press('Control+s')
    wait_idle(page)
    fail_on_error_dialog(page)


def open_row(page, row):
    "Open the record of a list row in its form (double click a text cell)"
    row.locator('.column-char').first.dblclick()
    wait_until(page, lambda: page.locator(
            f'{TAB} .form-container:visible').count() > 0,
        'the form of the row')
    wait_idle(page)
