import type { conflicts as en } from '../en/conflicts';
import type { AreaMessages } from '../types';

// Simplified Chinese messages of the conflicts a merge of desks' work can leave (the keys of ../en/conflicts.ts).
export const conflicts: AreaMessages<typeof en> = {
  'lapse.status': '暂留已过期',
  'conflicts.sharedCode': '另一个预订也使用此确认号：离线工作的前台重复生成了它，按此确认号搜索会同时找到两者。',
  'conflicts.newCode': '为此预订生成新确认号',
  'conflicts.newCodeDone': '新确认号：{code}',
  'conflicts.title': '各前台离线期间的操作合并后留下了待处理的冲突',
  'conflicts.doubleBookings': '重复预订：{n} 个房晚被重复占用，{m} 个房型晚超售（见房态图）。',
  'conflicts.room_number': '房号 {value} 被 {n} 间客房同时使用：请为其中一间重新编号。',
  'conflicts.room_type_code': '房型代码 {value} 被 {n} 个房型同时使用：请修改其中一个的代码。',
  'conflicts.username': '用户名 {value} 属于 {n} 个账号：请重命名其中一个（在此之前，使用该用户名登录的是最早创建的账号）。',
  'conflicts.confirmation_code': '确认号 {value} 被 {n} 个不同预订的客房共用：请为其中一个预订生成新确认号。',
  'conflicts.no_administrator': '已没有可用的系统管理员：{value} 将暂时保留管理员身份，直到您重新指定管理员。',
};
