-- SPDX-License-Identifier: BSD-3-Clause
-- Pktgen-DPDK switchover outage against an srpgw pair: constant-rate
-- replay of make-pcaps' pcaps, received packets per port sampled every
-- 10 ms into a CSV, a planned switchover triggered part way through (a
-- shell command, e.g. over ssh to the active chassis), and the outage
-- estimated per direction as lost packets / send rate and as the longest
-- run of empty samples. The pcaps loop, so srpgw-gen's sequence numbers do
-- not help here: for per-flow accounting use srpgw-gen on the same links.
-- Run: SWITCH_CMD="ssh gw-a srpgwctl srp initiate-switchover" \
--      pktgen ... -- -m "[1:2].0,[3:4].1" -s 0:uplink.pcap -s 1:downlink.pcap -f switchover.lua
-- Written for Pktgen-DPDK 23.06 (DPDK 22.11); see README.md.
package.path = package.path .. ";?.lua;test/?.lua;app/?.lua;"
require "Pktgen"

local access, core = "0", "1"
local rate_pct = tonumber(os.getenv("PKTGEN_RATE") or "10")  -- % line rate
local total_ms = tonumber(os.getenv("PKTGEN_SECONDS") or "20") * 1000
local switch_at_ms = tonumber(os.getenv("SWITCH_AT_S") or "5") * 1000
local switch_cmd = os.getenv("SWITCH_CMD")
local sample_ms = 10
local out = os.getenv("PKTGEN_CSV") or "switchover.csv"

local function totals()
	local s = pktgen.portStats("all", "port")
	return s[0].opackets, s[0].ipackets, s[1].opackets, s[1].ipackets
end

pktgen.screen("off")
pktgen.stop("all")
pktgen.pcap(access, "on")
pktgen.pcap(core, "on")
pktgen.clr()
pktgen.set("all", "rate", rate_pct)

local f = io.open(out, "w")
f:write("t_ms,uplink_rx,downlink_rx\n")
pktgen.start("all")
pktgen.delay(1000)                 -- warm-up: sessions forwarding
local a_tx0, a_rx0, c_tx0, c_rx0 = totals()
local prev_ul, prev_dl = c_rx0, a_rx0
local gap_ul, gap_dl, max_ul, max_dl = 0, 0, 0, 0
local switched = false
local t = 0
while t < total_ms do
	if not switched and t >= switch_at_ms then
		switched = true
		if switch_cmd then
			printf("t=%d ms: %s\n", t, switch_cmd)
			os.execute(switch_cmd .. " &")
		else
			printf("t=%d ms: no SWITCH_CMD: switch over by hand now\n", t)
		end
	end
	pktgen.delay(sample_ms)
	t = t + sample_ms
	local _, a_rx, _, c_rx = totals()
	local ul, dl = c_rx - prev_ul, a_rx - prev_dl
	prev_ul, prev_dl = c_rx, a_rx
	f:write(string.format("%d,%d,%d\n", t, ul, dl))
	gap_ul = ul == 0 and gap_ul + sample_ms or 0
	gap_dl = dl == 0 and gap_dl + sample_ms or 0
	if gap_ul > max_ul then max_ul = gap_ul end
	if gap_dl > max_dl then max_dl = gap_dl end
end
pktgen.stop("all")
pktgen.delay(500)                  -- frames still in flight
local a_tx1, a_rx1, c_tx1, c_rx1 = totals()
f:close()
local ul_sent, dl_sent = a_tx1 - a_tx0, c_tx1 - c_tx0
local ul_lost, dl_lost = ul_sent - (c_rx1 - c_rx0), dl_sent - (a_rx1 - a_rx0)
local ul_pps, dl_pps = ul_sent / (t / 1000), dl_sent / (t / 1000)
printf("uplink:   sent %d lost %d -> outage %.1f ms (longest empty run %d ms)\n",
	ul_sent, ul_lost, ul_pps > 0 and ul_lost * 1000 / ul_pps or 0, max_ul)
printf("downlink: sent %d lost %d -> outage %.1f ms (longest empty run %d ms)\n",
	dl_sent, dl_lost, dl_pps > 0 and dl_lost * 1000 / dl_pps or 0, max_dl)
printf("series in %s\n", out)
