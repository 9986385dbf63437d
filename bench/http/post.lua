-- SPDX-License-Identifier: MIT
-- wrk script for bench/http.sh: POST the JSON file named by
-- RELOK_BENCH_BODY to the URL given on wrk's command line. No response()
-- callback: it would make wrk parse every answer in Lua and measure wrk
-- rather than the server. wrk itself counts non-2xx answers, and
-- bench/http.sh checks each endpoint answers 200 before measuring it.
local path = os.getenv("RELOK_BENCH_BODY")
local f = assert(io.open(path, "rb"), "cannot open " .. tostring(path))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
