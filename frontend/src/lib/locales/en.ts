// English messages. This file defines the set of message keys: every other
// locale must provide exactly the same keys (see Messages in ../i18n.ts).
// Placeholders are written {name} and filled in by translate().
export const en = {
  'app.name': 'Innkeep',
  'app.tagline': 'Front desk',
  'app.skipToContent': 'Skip to main content',
  'app.documentTitle': '{section} · Innkeep',

  'lang.label': 'Language',

  'nav.label': 'Sections',
  'nav.dashboard': 'Dashboard',
  'nav.tapeChart': 'Tape chart',
  'nav.reservations': 'Reservations',
  'nav.guests': 'Guests',
  'nav.housekeeping': 'Housekeeping',
  'nav.reports': 'Reports',
  'nav.settings': 'Settings',
  'nav.health': 'System health',

  'placeholder.body': 'This section is not available yet.',
  'placeholder.hint': 'It will be added in a later version of Innkeep.',
  'placeholder.openHealth': 'Go to System health',

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

  'health.documentsCaption': 'Documents in the store by kind',
  'health.kind': 'Kind',
  'health.count': 'Count',
  'health.total': 'Total',
  'health.noDocuments': 'No documents yet',

  'kind.hotel': 'Hotel',
  'kind.room': 'Room',

  'error.network': 'Cannot reach the Innkeep service. Check that it is running and try again.',
  'error.invalidResponse': 'The service sent a response that could not be read.',
} as const;
