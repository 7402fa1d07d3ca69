#!/bin/busybox sh
# SPDX-License-Identifier: MIT
# /init of the test guests (tests/qemu): mount the kernel's file systems,
# load vfio-pci when the command line binds devices to it, run the static
# collector as a host's administrator would, list /sys/kernel/iommu_groups
# with busybox's find (a reading independent of the collector), write both
# to the second serial port between markers, and power off.
/bin/busybox --install -s
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "isc-guest: init started"

# Modules see no kernel command line of their own: pass vfio-pci.ids= as
# modprobe would (busybox insmod takes the file and its parameters).
ids=
for word in $(cat /proc/cmdline); do
	case "$word" in
	vfio-pci.ids=* | vfio_pci.ids=*) ids=${word#*=} ;;
	esac
done
if [ -n "$ids" ]; then
	for m in irqbypass vfio vfio_virqfd vfio-pci-core; do
		insmod /lib/modules/$m.ko || echo "isc-guest: insmod $m failed"
	done
	insmod /lib/modules/vfio-pci.ko ids="$ids" || echo "isc-guest: insmod vfio-pci failed"
fi

out=/dev/ttyS1
stty -F $out raw -echo 2>/dev/null
iommuscope-collect -q -o /snapshot.tar.gz
rc=$?
{
	echo "ISC-COLLECT-STATUS $rc"
	echo "ISC-SNAPSHOT-BEGIN"
	[ -f /snapshot.tar.gz ] && base64 /snapshot.tar.gz
	echo "ISC-SNAPSHOT-END"
	echo "ISC-GROUPS-BEGIN"
	find /sys/kernel/iommu_groups/ -mindepth 3 -maxdepth 3 -path '*/devices/*'
	echo "ISC-GROUPS-END"
} > $out
echo "isc-guest: done (collector exit $rc)"
sync
poweroff -f
