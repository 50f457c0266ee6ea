"""Passwords (issue #9): the production configuration carries no password
and no default admin password; docs/install.md says how to set one and the
README that the demo password is for the demo only."""
import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_production_config_has_no_password():
    path = ROOT / 'config' / 'trytond-postgresql.conf'
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    for section in parser.sections():
        for option, value in parser.items(section):
            assert 'pass' not in option and option != 'super_pwd', (
                section, option)
            assert not re.search(r'://[^/@]*:[^/@]*@', value), (
                section, option, "password in a URI")
    assert not parser.has_option('database', 'uri')
    assert not parser.has_option('session', 'super_pwd')


def test_docs_say_how_to_set_the_admin_password():
    install = (ROOT / 'docs' / 'install.md').read_text()
    assert 'TRYTONPASSFILE' in install
    assert re.search(r'trytond-admin [^\n]*(-p|--password)', install)
    readme = (ROOT / 'README.md').read_text()
    assert re.search(r'qltt-demo[^\n]*demo (database )?only', readme)
