import type { Messages } from '../i18n';

// Simplified Chinese messages. The Messages type makes a missing or an extra
// key a compile error.
export const zhCN: Messages = {
  'app.name': 'Innkeep',
  'app.tagline': '前台',
  'app.skipToContent': '跳到主要内容',
  'app.documentTitle': '{section} · Innkeep',

  'lang.label': '语言',

  'nav.label': '功能导航',
  'nav.dashboard': '概览',
  'nav.tapeChart': '房态图',
  'nav.reservations': '预订',
  'nav.guests': '宾客',
  'nav.housekeeping': '客房清洁',
  'nav.reports': '报表',
  'nav.settings': '设置',
  'nav.health': '系统状态',

  'placeholder.body': '此功能暂未开放。',
  'placeholder.hint': '将在 Innkeep 的后续版本中提供。',
  'placeholder.openHealth': '查看系统状态',

  'health.title': '系统状态',
  'health.subtitle': '本节点及其本地数据存储的运行情况。',
  'health.refresh': '刷新',
  'health.refreshing': '正在刷新…',
  'health.loading': '正在加载系统状态…',
  'health.lastChecked': '最后检查时间：{time}',
  'health.errorTitle': '无法加载系统状态',
  'health.errorCode': '错误代码：{code}（HTTP {status}）',

  'health.section.node': '本节点',
  'health.section.store': '数据存储',
  'health.section.documents': '数据记录',

  'health.status': '状态',
  'health.status.ok': '正常',
  'health.version': '版本',
  'health.mode': '运行模式',
  'health.mode.serve': '局域网服务',
  'health.mode.desktop': '桌面应用',
  'health.nodeId': '节点 ID',
  'health.dataDir': '数据目录',
  'health.startedAt': '启动时间',

  'health.storeFile': '数据库文件',
  'health.storeSize': '文件大小',
  'health.sizeExact': '{count} 字节',
  'health.schemaVersion': '数据结构版本',

  'health.documentsCaption': '按类型统计的数据记录',
  'health.kind': '类型',
  'health.count': '数量',
  'health.total': '合计',
  'health.noDocuments': '暂无数据记录',

  'kind.hotel': '酒店',
  'kind.room': '客房',

  'error.network': '无法连接 Innkeep 服务，请确认服务正在运行后重试。',
  'error.invalidResponse': '服务返回的数据无法识别。',
};
