// English messages of the system area: the health of this desk.
// Placeholders are written {name} and filled in by translate().
export const system = {
  'health.title': 'System health',
  'health.subtitle': 'The state of this Innkeep node and its local data store.',
  'health.refresh': 'Refresh',
  'health.refreshing': 'Refreshing…',
  'health.loading': 'Loading system status…',
  'health.lastChecked': 'Last checked at {time}',
  'health.errorTitle': 'Could not load the system status',
  'health.errorCode': 'Error code: {code} (HTTP {status})',

  'health.section.node': 'This node',
  'health.section.store': 'Data store',
  'health.section.documents': 'Documents',

  'health.status': 'Status',
  'health.status.ok': 'Healthy',
  'health.status.warning': 'Needs attention',
  'health.statusOnly': 'The service is running. Its details are shown to those who may view the system (system.view).',
  'health.version': 'Version',
  'health.mode': 'Mode',
  'health.mode.serve': 'LAN server',
  'health.mode.desktop': 'Desktop app',
  'health.nodeId': 'Node ID',
  'health.dataDir': 'Data folder',
  'health.startedAt': 'Started',

  'health.storeFile': 'Database file',
  'health.storeSize': 'Size',
  'health.sizeExact': '{count} bytes',
  'health.schemaVersion': 'Schema version',

  'health.section.disk': 'Disk of the data folder',
  'health.diskFree': 'Free',
  'health.diskTotal': 'Size',
  'health.diskLow': 'Little space is left on this disk. Free some space soon: when the disk is full, nothing more can be saved.',
  'health.diskFull': 'The last change could not be saved because the disk was full. Free some space, then try again.',

  'health.documentsCaption': 'Documents in the store by kind',
  'health.kind': 'Kind',
  'health.count': 'Count',
  'health.total': 'Total',
  'health.noDocuments': 'No documents yet',

  'check.title': 'Check this desk',
  'check.subtitle': 'The store, the audit log and its op log, the data key file, who may read the data folder, and free disk space.',
  'check.run': 'Run the check',
  'check.running': 'Checking…',
  'check.ok': 'All is well.',
  'check.problems': 'The check found {count} problem(s):',
  'check.error': 'The check could not run',

  'kind.hotel': 'Hotel',
  'kind.room': 'Room',
} as const;
