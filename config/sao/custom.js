// Branding of the sao web client for QLTT ERP.
// Installed by `make sao` as var/sao/package/custom.js: index.html loads it
// right after dist/tryton-sao.js (and custom.css after tryton-sao.css).
(function() {
    'use strict';
    if (typeof Sao == 'undefined') {
        return;
    }
    var UNIT = 'Chi cục Quản lý thị trường';

    // Sao.set_title() shows Sao.config.title in the navigation bar
    // (#title) and in the window title ("<tab> - <title>").
    Sao.config.title = UNIT;
    document.title = UNIT;

    // The unit's name above the fields of the login dialog
    var login_dialog = Sao.Session.login_dialog;
    Sao.Session.login_dialog = function() {
        var dialog = login_dialog.apply(this, arguments);
        dialog.body.prepend(jQuery('<div/>', {
            'class': 'qltt-unit',
        }).text(UNIT));
        return dialog;
    };

    // Windows with a context form above their list (Thống kê, ...):
    // - the list recomputes when a field of the form changes, as after the
    //   reload button (sao 8.0 reloads only on that button);
    // - the print menu works without a selected row: its reports (the
    //   statistics workbook) export what the form selects.
    var screen_init = Sao.Screen.prototype.init;
    Sao.Screen.prototype.init = function() {
        screen_init.apply(this, arguments);
        if (!this.context_screen) {
            return;
        }
        var screen = this;
        var timer = null;
        // a window of the context screen: record_modified() is called
        // after each change of its record (on_change done)
        this.context_screen.windows.push({
            record_modified: function() {
                // not while the window opens (its view is not there yet)
                if (!screen.current_view) {
                    return;
                }
                clearTimeout(timer);
                timer = setTimeout(function() {
                    if (screen.current_view) {
                        screen.search_filter(
                            screen.screen_container.get_text());
                    }
                }, 300);
            },
        });
    };

    var record_message = Sao.Tab.Form.prototype.record_message;
    Sao.Tab.Form.prototype.record_message = function() {
        var result = record_message.apply(this, arguments);
        var print = this.buttons && this.buttons.print;
        if (this.screen.context_screen && print && print._can_be_sensitive) {
            print.prop('disabled', false);
            if (this.menu_buttons && this.menu_buttons.print) {
                this.menu_buttons.print.removeClass('disabled');
            }
        }
        return result;
    };

    // A wrong password asks again with the same prompt: say why (sao 8.0
    // shows the server's "Password for ..." again, nothing else)
    var get_password = Sao.Login.prototype.get_password;
    Sao.Login.prototype.get_password = function(message, name) {
        if (name == 'password' && this.qltt_password_asked) {
            message = Sao.i18n.gettext(
                'Wrong user name or password. Try again.') + ' ' + message;
        }
        if (name == 'password') {
            this.qltt_password_asked = true;
        }
        return get_password.call(this, message, name);
    };
}());
