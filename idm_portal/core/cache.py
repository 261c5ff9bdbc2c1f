"""A Redis cache that fails open: with Redis down, reads miss and writes are dropped, with a
log line, instead of a 500.

allauth's rate limits (log-in, sign-up, password reset) and its TOTP replay guard use the
cache. With Redis unreachable they would raise ``ConnectionError`` in every request that
signs in; this backend answers "nothing cached" instead, so people can still sign in, sign
up and reset their password while Redis is down. The price, for that time: no rate limit
and no guard against a TOTP code used twice (the code still has to be right). Each failure
logs a warning ("Cache unreachable ...") so the outage is seen.
"""

import logging
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)


def _fail_open(name, fallback):
    method = getattr(RedisCache, name)

    @wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("Cache unreachable, %s fails open: %s", name, error)
            return fallback(*args, **kwargs)

    return guarded


def _default(key, default=None, *args, **kwargs):
    return default


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache whose every call answers as an empty cache when Redis is down."""

    get = _fail_open("get", _default)
    # add() answers True: "stored" (allauth's TOTP guard would otherwise refuse every code).
    add = _fail_open("add", lambda *args, **kwargs: True)
    set = _fail_open("set", lambda *args, **kwargs: None)
    touch = _fail_open("touch", lambda *args, **kwargs: False)
    delete = _fail_open("delete", lambda *args, **kwargs: False)
    has_key = _fail_open("has_key", lambda *args, **kwargs: False)
    get_many = _fail_open("get_many", lambda *args, **kwargs: {})
    set_many = _fail_open("set_many", lambda *args, **kwargs: [])
    delete_many = _fail_open("delete_many", lambda *args, **kwargs: None)
    clear = _fail_open("clear", lambda *args, **kwargs: False)
    incr = _fail_open("incr", lambda key, delta=1, *args, **kwargs: delta)
    get_or_set = _fail_open(
        "get_or_set",
        lambda key, default, *args, **kwargs: default() if callable(default) else default,
    )
