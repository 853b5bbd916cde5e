import type { common as en } from '../en/common';
import type { AreaMessages } from '../types';

// Simplified Chinese messages of the common area (the keys of ../en/common.ts).
export const common: AreaMessages<typeof en> = {
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

  'error.network': '无法连接 Innkeep 服务，请确认服务正在运行后重试。',
  'error.invalidResponse': '服务返回的数据无法识别。',

  'app.loading': '正在加载…',
  'app.unreachable': '无法连接 Innkeep',

  'nav.group.admin': '系统管理',
  'nav.users': '用户',
  'nav.roles': '角色',
  'nav.audit': '审计日志',
  'nav.account': '我的账户',

  'common.actions': '操作',
  'common.back': '上一步',
  'common.cancel': '取消',
  'common.close': '关闭',
  'common.copy': '复制',
  'common.copied': '已复制到剪贴板。',
  'common.copyFailed': '无法复制，请手动选中文字后复制。',
  'common.delete': '删除',
  'common.done': '完成',
  'common.edit': '编辑',
  'common.loading': '正在加载…',
  'common.next': '下一步',
  'common.print': '打印',
  'common.retry': '重试',
  'common.save': '保存更改',
  'common.saving': '正在保存…',

  'menu.label': '账户',
  'menu.signedInAs': '当前登录',
  'menu.account': '我的账户',
  'menu.signOut': '退出登录',

  'noAccess.title': '您没有访问权限',
  'noAccess.body': '您的账户无权打开此页面。如有需要，请联系管理员。',
  'noAccess.home': '查看系统状态',

  'nav.book': '新建预订',
  'hotel.switch': '酒店',
  'hotel.businessDate': '营业日',
  'hotel.businessDateHelp': '前台当前处理的日期；夜审后顺延。',
  'hotel.none': '您的账户没有可用的酒店。',
  'hotel.loadError': '无法加载酒店',
  'search.label': '查找预订',
  'search.placeholder': '确认号、姓名或电话',
  'search.none': '没有匹配的预订。',
  'common.listSeparator': '、',
  'common.view': '查看',
  'common.working': '处理中…',
};
