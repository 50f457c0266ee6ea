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
}());
