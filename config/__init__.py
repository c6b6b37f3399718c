"""Configuration: the TOML files users edit, and the typed schema they are validated into.

`load_settings()` is the only place that reads a config file or expands
environment variables; every other package receives the resulting
`Settings` object (or the part of it it needs) as an argument.
"""

from tallywatch.config.loader import ConfigError, default_config_path, load_settings, parse_settings
from tallywatch.config.schema import (
    AlertsConfig,
    CrawlConfig,
    DatabaseConfig,
    ExtractConfig,
    LoggingConfig,
    ReviewConfig,
    ScheduleConfig,
    Settings,
    SourceConfig,
    TopicConfig,
)

__all__ = [
    "AlertsConfig",
    "ConfigError",
    "CrawlConfig",
    "DatabaseConfig",
    "ExtractConfig",
    "LoggingConfig",
    "ReviewConfig",
    "ScheduleConfig",
    "Settings",
    "SourceConfig",
    "TopicConfig",
    "default_config_path",
    "load_settings",
    "parse_settings",
]
