-- REST API rate limits shared by every instance: each instance adds its
-- requests per key and window here a few times a second (lib/api/rate-limit.ts).
-- Unlogged: counters of the last minutes need no crash safety or replication.
CREATE UNLOGGED TABLE "api_rate_limits" (
    "key" TEXT NOT NULL,
    "window_start" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "api_rate_limits_pkey" PRIMARY KEY ("key", "window_start")
);
