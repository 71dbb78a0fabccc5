-- SPDX-License-Identifier: BSD-3-Clause
-- Pktgen-DPDK throughput steps against srpgw: replays make-pcaps' uplink
-- pcap on the access port and downlink pcap on the core port at rising
-- rates (percent of line rate), and for each step records what was sent
-- and what came back after the gateway (port 1 receives decapsulated
-- uplink, port 0 encapsulated downlink). Results: stdout and a CSV file.
-- Run: pktgen -l 0-4 -n 4 -a VF_ACCESS -a VF_CORE -- -m "[1:2].0,[3:4].1" \
--        -s 0:uplink.pcap -s 1:downlink.pcap -f throughput.lua
-- Written for Pktgen-DPDK 23.06 (DPDK 22.11); see README.md.
package.path = package.path .. ";?.lua;test/?.lua;app/?.lua;"
require "Pktgen"

local access = "0"                 -- port towards srpgw's access side
local core = "1"                   -- port towards srpgw's core side
local rates = { 1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 } -- % line rate
local warmup_ms = 2000             -- before measuring each step
local window_ms = 5000             -- measuring window
local out = os.getenv("PKTGEN_CSV") or "throughput.csv"

local function totals()
	local s = pktgen.portStats("all", "port")
	return s[0].opackets, s[0].ipackets, s[1].opackets, s[1].ipackets
end

pktgen.screen("off")
pktgen.stop("all")
pktgen.pcap(access, "on")
pktgen.pcap(core, "on")

local f = io.open(out, "w")
f:write("rate_pct,ul_tx_pps,ul_rx_pps,dl_tx_pps,dl_rx_pps,ul_loss_pct,dl_loss_pct\n")
for _, pct in ipairs(rates) do
	pktgen.clr()
	pktgen.set("all", "rate", pct)
	pktgen.start("all")
	pktgen.delay(warmup_ms)
	local a_tx0, a_rx0, c_tx0, c_rx0 = totals()
	pktgen.delay(window_ms)
	local a_tx1, a_rx1, c_tx1, c_rx1 = totals()
	pktgen.stop("all")
	local s = window_ms / 1000
	-- uplink leaves port 0 and arrives on port 1; downlink the other way.
	local ul_tx, ul_rx = (a_tx1 - a_tx0) / s, (c_rx1 - c_rx0) / s
	local dl_tx, dl_rx = (c_tx1 - c_tx0) / s, (a_rx1 - a_rx0) / s
	local ul_loss = ul_tx > 0 and 100 * (ul_tx - ul_rx) / ul_tx or 0
	local dl_loss = dl_tx > 0 and 100 * (dl_tx - dl_rx) / dl_tx or 0
	local line = string.format("%d,%.0f,%.0f,%.0f,%.0f,%.4f,%.4f",
		pct, ul_tx, ul_rx, dl_tx, dl_rx, ul_loss, dl_loss)
	printf("%s\n", line)
	f:write(line .. "\n")
	f:flush()
	pktgen.delay(1000)         -- let queues drain between steps
end
f:close()
printf("results in %s (the highest step with loss below your bar is the throughput)\n", out)
