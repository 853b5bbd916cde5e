import type { system as en } from '../en/system';
import type { AreaMessages } from '../types';

// Simplified Chinese messages of the system area (the keys of ../en/system.ts).
export const system: AreaMessages<typeof en> = {
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
  'health.status.warning': '需要注意',
  'health.statusOnly': '服务正在运行。详细信息仅向有权查看系统（system.view）的用户显示。',
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

  'health.section.disk': '数据目录所在磁盘',
  'health.diskFree': '可用空间',
  'health.diskTotal': '总容量',
  'health.diskLow': '此磁盘剩余空间不多。请尽快清理：磁盘写满后将无法保存任何内容。',
  'health.diskFull': '由于磁盘已满，最近一次更改未能保存。请清理空间后重试。',

  'health.documentsCaption': '按类型统计的数据记录',
  'health.kind': '类型',
  'health.count': '数量',
  'health.total': '合计',
  'health.noDocuments': '暂无数据记录',

  'check.title': '检查本机',
  'check.subtitle': '数据存储、审计日志及其操作日志、数据密钥文件、数据目录的访问权限以及磁盘可用空间。',
  'check.run': '运行检查',
  'check.running': '正在检查…',
  'check.ok': '一切正常。',
  'check.problems': '检查发现 {count} 个问题：',
  'check.error': '检查无法运行',

  'kind.hotel': '酒店',
  'kind.room': '客房',
};
