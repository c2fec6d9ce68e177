from . import test_butler_roles
