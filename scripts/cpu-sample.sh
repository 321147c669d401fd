#!/bin/bash
# Samples the CPU use (% of one core) of Azurite, maildev, the local host(s) and the load harness every 10 s, as CSV on
# stdout, until stopped. Run beside scripts/load.sh to see which process bounds a run: ./scripts/cpu-sample.sh > cpu.csv &
hz=$(getconf CLK_TCK)
declare -A last
echo "time,process,pid,cpu_percent_of_one_core"
while true; do
  for pid in $(pgrep -f "azurite.js|maildev|Serverless.LocalHost.dll|Serverless.LoadTests.dll"); do
    [ -r /proc/$pid/stat ] || continue
    name=$(tr '\0' ' ' < /proc/$pid/cmdline | grep -oE "azurite|maildev|LocalHost|LoadTests" | head -1)
    t=$(awk '{print $14+$15}' /proc/$pid/stat)
    now=$(date +%s)
    if [ -n "${last[$pid]}" ]; then
      read pt pn <<< "${last[$pid]}"
      dt=$((now-pn)); [ $dt -gt 0 ] && echo "$(date +%H:%M:%S),$name,$pid,$(( (t-pt)*100/hz/dt ))"
    fi
    last[$pid]="$t $now"
  done
  sleep 10
done
