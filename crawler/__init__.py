"""Crawling with Scrapy: one spider per configured source (feed, sitemap or section page),
incremental re-checks with conditional requests, cleaning with an injected reader of each
article's figures, and a pipeline that stores new versions with their figures in batches.
Entry point: `runner.run_crawl`."""
