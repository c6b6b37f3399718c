"""Typed configuration objects.  Every key a user may write is declared here.

Paths are resolved against the folder of the configuration file (the validation
context's `base`, see `loader.parse_settings`; the working directory when there is no
file), the SQLite file of `database.url` included, so a command finds the same files
from whichever directory it is run.  The files a path names are checked here too: a rules
file that does not compile, a templates folder with a template that does not parse, an
apprise configuration file apprise cannot read are config errors, named by their key,
before any command starts its work.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from tallywatch.config.regex_safety import check_pattern
from tallywatch.constants import METRICS, Metric

HOUR = 3600
DAY_MINUTES = 24 * 60
YEAR_MINUTES = 365 * DAY_MINUTES


class Section(BaseModel):
    """Base for every table: unknown keys are errors, values are not coerced loosely, and
    numbers are finite (an `inf` delay or timeout would hang the crawl)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _check_regexes(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        check_pattern(pattern)
    return patterns


def _check_http_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url


APPRISE_TAG_PREFIX = "tag:"
"""`topics.alert_urls` entries starting with this name URLs of the apprise config file."""
APPRISE_SERVICES_PAGE = "https://github.com/caronc/apprise/wiki"


def _check_apprise_url(url: str) -> str:
    """A URL whose service apprise knows, asked of apprise's own plugin registry: the
    scheme is one of its services', or (`https://hooks.slack.com/…`) a plugin recognises
    the address as its service's own.  The error never repeats the URL: it holds secrets."""
    scheme, separator, _rest = url.partition("://")
    if not separator or not scheme:
        raise ValueError(f"not an apprise URL (SERVICE://…, see {APPRISE_SERVICES_PAGE})")
    import apprise

    services = apprise.NotificationManager()
    scheme = scheme.lower()
    if scheme in services:
        return url
    if scheme in ("http", "https"):
        if any(plugin.parse_native_url(url) for plugin in services.plugins()):
            return url
        raise ValueError(
            f"no apprise service has this {scheme}:// address as its own (a plain JSON "
            "webhook is json://HOST/PATH or jsons://HOST/PATH)"
        )
    raise ValueError(f"apprise knows no service {scheme + '://'!r} (see {APPRISE_SERVICES_PAGE})")


def _check_alert_target(target: str) -> str:
    """An apprise URL, or a `tag:NAME` reference to the apprise config file's URLs."""
    return target if target.startswith(APPRISE_TAG_PREFIX) else _check_apprise_url(target)


AppriseUrl = Annotated[str, AfterValidator(_check_apprise_url)]
AlertTarget = Annotated[str, AfterValidator(_check_alert_target)]


def config_folder(info: ValidationInfo) -> Path:
    """What relative paths are relative to: the configuration file's folder."""
    base = (info.context or {}).get("base")
    return Path(base) if base is not None else Path.cwd()


def _resolve(path: Path, info: ValidationInfo) -> Path:
    path = path.expanduser()
    return path if path.is_absolute() else config_folder(info) / path


ConfigPath = Annotated[Path, AfterValidator(_resolve)]
"""A path in the configuration, made absolute against the configuration file's folder."""


def resolve_database_url(url: str, base: Path) -> str:
    """`url` with a relative SQLite file made absolute against `base`; any other URL (a
    server's, an in-memory or URI-style SQLite one, one that does not parse) as it is."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return url  # opening it says what is wrong (store.db.Database)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return url
    if database.startswith("file:"):
        return url
    path = Path(database).expanduser()
    if path.is_absolute():
        return url
    return parsed.set(database=str(base / path)).render_as_string(hide_password=False)


class DatabaseConfig(Section):
    url: str = "sqlite:///tallywatch.db"
    """Any SQLAlchemy URL; a relative SQLite path is relative to the configuration file."""

    @field_validator("url")
    @classmethod
    def _absolute_sqlite(cls, v: str, info: ValidationInfo) -> str:
        return resolve_database_url(v, config_folder(info))


class CrawlConfig(Section):
    user_agent: str = (
        "tallywatch/0.1 (+https://github.com/tallywatch/tallywatch; news figure monitor)"
    )
    obey_robots: bool = True
    concurrency: int = Field(16, ge=1, le=256)
    per_domain_concurrency: int = Field(2, ge=1, le=64)
    download_delay: float = Field(0.25, ge=0, le=HOUR)
    autothrottle: bool = True
    timeout: float = Field(30.0, gt=0, le=HOUR)
    max_page_bytes: int = Field(5_000_000, ge=1024, le=1_000_000_000)
    retries: int = Field(3, ge=0, le=20)
    retry_backoff_seconds: float = Field(2.0, ge=0, le=HOUR)
    """First wait before a retry without `Retry-After`; doubled on each further attempt."""
    max_retry_wait_seconds: float = Field(120.0, ge=0, le=HOUR)
    """Longest wait honoured for one retry; a longer `Retry-After` gives up instead."""
    max_sitemap_bytes: int = Field(50_000_000, ge=1024, le=50_000_000)
    """Size limit for sitemaps and feeds (the sitemap protocol allows 50 MB)."""
    watch_days: float = Field(3.0, ge=0, le=3650)
    """Articles first seen less than this many days ago are re-checked on every run."""
    max_articles_per_source: int = Field(500, ge=1, le=1_000_000)
    max_sitemap_depth: int = Field(3, ge=1, le=10)
    """How many sitemap indexes deep below a source's URL sitemaps are followed."""
    max_sitemaps_per_source: int = Field(100, ge=1, le=10_000)
    """The most sitemaps fetched for one source in one run (the newest first)."""
    source_time_budget_minutes: float = Field(10.0, gt=0, le=DAY_MINUTES)
    """Wall time one source may take in a run; one over it is stopped and recorded as
    failed (`time_budget`), the others go on."""
    clean_workers: int = Field(0, ge=0, le=64)
    """Processes that clean HTML beside the crawler; 0 cleans in the crawler process."""
    page_time_budget_seconds: float = Field(30.0, gt=0, le=HOUR)
    """Longest one page's cleaning and figure reading may take; a page over it is recorded
    (`extract_timeout`) and not fetched again."""


class SourceSchedule(Section):
    interval_minutes: float | None = Field(None, gt=0, le=YEAR_MINUTES)
    cron: str | None = None


class SourceConfig(Section):
    name: str = Field(min_length=1)
    kind: Literal["feed", "sitemap", "page"]
    url: str
    follow: list[str] = Field(default_factory=list)
    """Page sources: regexes a link must match to be followed (empty: any same-site link)."""
    deny: list[str] = Field(default_factory=list)
    depth: int = Field(1, ge=0, le=5)
    allowed_domains: list[str] = Field(default_factory=list)
    """Hosts the crawler may follow links and redirects to; default: the host of `url`."""
    enabled: bool = True
    schedule: SourceSchedule | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return _check_http_url(v)

    @field_validator("follow", "deny")
    @classmethod
    def _patterns(cls, v: list[str]) -> list[str]:
        return _check_regexes(v)

    @property
    def domains(self) -> list[str]:
        host = urlsplit(self.url).hostname or ""
        return list(self.allowed_domains) or [host]


class TopicConfig(Section):
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    subjects: list[str] = Field(default_factory=list)
    """Places ("Nepal", "Gorkha") or groups ("North Korean", "Russian troops") the topic is
    about; an empty list takes every figure."""
    about: list[str] = Field(default_factory=list)
    """Event words ("earthquake", "quake"): only articles mentioning one of them count."""
    metrics: list[Metric] = Field(default_factory=list)
    """Metrics tracked for this topic; empty tracks all."""
    alert_urls: list[AlertTarget] = Field(default_factory=list)
    """Extra apprise URLs (or `tag:NAME` references) that receive this topic's alerts only."""


class AlertsConfig(Section):
    urls: list[AppriseUrl] = Field(default_factory=list)
    """apprise URLs; `${ENV}` references keep secrets out of the file.  A URL whose service
    apprise does not know is a config error."""
    apprise_config: ConfigPath | None = None
    """An apprise configuration file (YAML or TEXT) used instead of / beside `urls`."""
    baseline: bool = True
    conflicts: bool = False
    max_jump: float = Field(100.0, ge=0, le=1_000_000)
    """A figure more than this many times its tracked value moves it only when another
    article gives one as far above, or a reviewer confirms it (0: no limit)."""
    digest: bool = False
    burst: int = Field(5, ge=0, le=100_000)
    """More alerts than this to one channel in one delivery go as one digest per topic
    (0: never grouped)."""
    summary_after_days: float = Field(3.0, gt=0, le=3650)
    """Alerts older than this when they reach a channel (they waited for one, or it was
    down) go as one summary per topic instead of one message each."""
    echo: bool = False
    """Also print each alert to the terminal (the demo turns this on)."""
    echo_is_channel: bool = False
    """Printing an alert (`echo`) counts as delivering it: an alert with no other channel
    is then `sent` once printed, instead of waiting for a channel."""
    templates: ConfigPath | None = None
    """A folder of Jinja2 templates overriding the built-in messages."""
    timeout: float = Field(10.0, gt=0, le=600)
    retry_backoff_minutes: float = Field(5.0, ge=0, le=DAY_MINUTES)
    max_attempts: int = Field(20, ge=1, le=1000)
    operator_url: AppriseUrl | None = None
    """apprise URL told when a source fails `operator_after_failures` runs in a row."""
    operator_after_failures: int = Field(3, ge=1, le=1000)

    @field_validator("apprise_config")
    @classmethod
    def _apprise_config(cls, v: Path | None) -> Path | None:
        if v is not None:
            _check_apprise_config(v)
        return v

    @field_validator("templates")
    @classmethod
    def _templates(cls, v: Path | None) -> Path | None:
        if v is not None:
            _check_templates(v)
        return v


def _readable_file(path: Path) -> None:
    if not path.exists():
        raise ValueError(f"no such file: {path}")
    if not path.is_file():
        raise ValueError(f"not a file: {path}")
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from None


def _check_apprise_config(path: Path) -> None:
    """A file apprise reads at least one URL from (its own parser, so what it would use)."""
    import apprise

    _readable_file(path)
    quiet = logging.getLogger("apprise")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # its parse warnings may quote a URL: keep them out
    try:
        config = apprise.AppriseConfig()
        loaded = config.add(str(path))
        bundle = apprise.Apprise()
        if loaded:
            bundle.add(config)
        count = len(bundle)
    finally:
        quiet.setLevel(level)
    if not count:
        raise ValueError(
            f"apprise finds no URL it can use in {path} (see "
            "https://github.com/caronc/apprise/wiki/config for its TEXT and YAML forms)"
        )


TEMPLATE_SUFFIX = ".j2"


def _check_templates(folder: Path) -> None:
    """A folder whose templates (`*.j2`) all parse as Jinja2."""
    import jinja2

    if not folder.is_dir():
        raise ValueError(
            f"no such folder: {folder}" if not folder.exists() else f"not a folder: {folder}"
        )
    env = jinja2.Environment()
    for template in sorted(folder.glob(f"*{TEMPLATE_SUFFIX}")):
        try:
            env.parse(template.read_text(encoding="utf-8"), name=template.name)
        except jinja2.TemplateSyntaxError as exc:
            raise ValueError(f"{template}:{exc.lineno}: {exc.message}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"cannot read {template}: {exc}") from None


class ExtractConfig(Section):
    rules: list[ConfigPath] = Field(default_factory=list)
    """Extra rule tables (TOML) merged over the built-in ones: metric terms, qualifiers, verbs."""
    terms: dict[str, list[str]] = Field(default_factory=dict)
    """Extra metric terms inline, e.g. `killed = ["perished"]`."""

    @field_validator("terms")
    @classmethod
    def _known_metrics(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for key in v:
            if key not in METRICS:
                raise ValueError(f"unknown metric {key!r} (one of {', '.join(METRICS)})")
        return v

    @model_validator(mode="after")
    def _rules_compile(self) -> ExtractConfig:
        """The user's rules compile, each file alone and all of them with the terms (the
        extractor's own loader, whose compiled rules the run then reuses)."""
        if not self.rules and not self.terms:
            return self
        from tallywatch.extract.rules import RulesError, cached_rules

        for index, path in enumerate(self.rules):
            key = f"extract.rules[{index}]"
            try:
                _readable_file(path)
                cached_rules([path])
            except (ValueError, RulesError) as exc:
                raise KeyedValueError(key, str(exc)) from None
        try:
            cached_rules(self.rules, self.terms)
        except RulesError as exc:
            key = "extract.terms" if self.terms else "extract.rules"
            raise KeyedValueError(key, str(exc)) from None
        return self


class KeyedValueError(ValueError):
    """A check across sections that still names the one key at fault in the error."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        super().__init__(message)


class ScheduleConfig(Section):
    interval_minutes: float | None = Field(30.0, gt=0, le=YEAR_MINUTES)
    interval_seconds: float | None = Field(None, gt=0, le=YEAR_MINUTES * 60)
    """Overrides `interval_minutes` when set (short intervals for tests and demos)."""
    cron: str | None = None
    """A crontab expression (local time); takes precedence over the intervals."""
    jitter_seconds: int = Field(30, ge=0, le=24 * HOUR)
    run_on_start: bool = True
    run_timeout_minutes: float = Field(20.0, gt=0, le=7 * DAY_MINUTES)
    misfire_grace_minutes: float = Field(10.0, gt=0, le=7 * DAY_MINUTES)
    stop_grace_seconds: float = Field(30.0, gt=0, le=HOUR)
    """How long a run may take to stop after SIGTERM (timeout or daemon stop) before SIGKILL."""
    shared: bool = False
    """Several daemons (or cron runs), on one machine or many, share one PostgreSQL database:
    each cycle leases the sources it crawls instead of taking the one global run lock."""
    lease_seconds: float = Field(120.0, ge=1, le=24 * HOUR)
    """How long a source lease lasts without renewal; a live cycle renews it every third of
    this, so a dead worker's sources are free again within this time."""
    lease_batch: int = Field(0, ge=0, le=100_000)
    """The most sources one cycle leases (0: every free one); spreads sources over workers."""


class LoggingConfig(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    file: ConfigPath | None = None
    """Rotating log file; default stderr."""
    structured: bool = False
    """One JSON object per log line instead of key=value text."""


class ReviewConfig(Section):
    host: str = "127.0.0.1"
    port: int = Field(8150, ge=1, le=65535)
    token: str | None = None
    """Required when binding to anything but loopback; every request must carry it."""
    base_url: str | None = None
    """The review page's address as alert readers reach it; alerts then link to each figure."""

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, v: str | None) -> str | None:
        return _check_http_url(v).rstrip("/") if v is not None else None


class Settings(Section):
    database: DatabaseConfig = DatabaseConfig()
    crawl: CrawlConfig = CrawlConfig()
    sources: list[SourceConfig] = Field(default_factory=list)
    topics: list[TopicConfig] = Field(default_factory=list)
    alerts: AlertsConfig = AlertsConfig()
    extract: ExtractConfig = ExtractConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    logging: LoggingConfig = LoggingConfig()
    review: ReviewConfig = ReviewConfig()
    path: Path | None = Field(None, exclude=True)
    """The file these settings came from (set by the loader, not a config key)."""
    secrets: frozenset[str] = Field(frozenset(), exclude=True)
    """Every value the loader put in for a `${NAME}` reference (not a config key): each is
    redacted wherever it could show (`alerts/redact.py`)."""

    @model_validator(mode="after")
    def _unique_names(self) -> Settings:
        for label, names in (
            ("sources", [s.name for s in self.sources]),
            ("topics", [t.name for t in self.topics]),
        ):
            seen: set[str] = set()
            for index, name in enumerate(names):
                if name in seen:
                    raise KeyedValueError(f"{label}[{index}].name", f"duplicate name {name!r}")
                seen.add(name)
        return self

    @model_validator(mode="after")
    def _shared_needs_postgresql(self) -> Settings:
        if self.schedule.shared and not self.database.url.startswith("postgresql"):
            raise KeyedValueError(
                "schedule.shared",
                "needs a PostgreSQL database.url, which every worker reaches and locks rows in",
            )
        return self

    def topic(self, name: str) -> TopicConfig:
        for t in self.topics:
            if t.name == name:
                return t
        raise KeyError(name)

    def topic_names(self, only: str | None = None) -> list[str]:
        """The topic `only` names, or every configured topic's name when it names none."""
        return [only] if only else [t.name for t in self.topics]
