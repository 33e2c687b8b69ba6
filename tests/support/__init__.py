"""What every test folder shares, in one place (registered in ``tests/conftest.py`` with
``pytest_plugins``; no test imports another folder's conftest or test module).

- :mod:`tests.support.clock`: the pinned :class:`~tests.support.clock.Clock`, ``vn(...)``
  local instants, ``confirm_clock``.
- :mod:`tests.support.accounts`: the three test accounts and ``initialise(url)``.
- :mod:`tests.support.db`: databases on both back-ends (templates copied per test, row counts,
  raw SQL), ``copy_sqlite``.
- :mod:`tests.support.cli`: the one runner of the real ``python -m onestop``.
- :mod:`tests.support.pdf`: reading printed output back (poppler, zxing-cpp barcodes).
- :mod:`tests.support.central`: a central PostgreSQL database and counters that sync to it.
- :mod:`tests.support.fixtures`: the shared fixtures (``home``, ``clock``, ``template``,
  ``db_url``, ``ctx``, ``engine``).
"""
