-- sandbox-load.lua: wrk script for benchmarks/sandbox-load: POST /integrations/embedded/initiate,
-- one POS charge with an account, the built-in "acme-utilities" unit and the sandbox's key.
-- SPDX-License-Identifier: GPL-3.0-or-later
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Paystar-Api-Key"] = "sandbox-key"
wrk.body = '{"BusinessUnitSlug":"acme-utilities","Channel":"QuickPay",' ..
  '"Charges":[{"Amount":1500,"Description":"Water",' ..
  '"ClientAccount":{"AccountNumber":"A-1","Name":"A"}}],' ..
  '"PaymentFields":{"invoiceNumber":"INV-1","memoLine":"Load"}}'

local statuses = {}

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("requests/s %.0f  p50 %.2f ms  p99 %.2f ms  max %.2f ms  errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout))
end
