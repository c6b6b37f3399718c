"""Crawling with Scrapy: one spider per configured source (feed, sitemap or section page),
incremental re-checks with conditional requests, and a pipeline that cleans each page and
hands new article versions to an injected processor.  Entry point: `runner.run_crawl`."""
