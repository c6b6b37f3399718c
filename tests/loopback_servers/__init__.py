"""Real servers on loopback shared by the test packages."""
