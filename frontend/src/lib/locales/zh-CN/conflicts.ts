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
  'conflicts.broken.in_house_no_room': '{guest} 已入住但没有房间：一台前台改了住宿，另一台同时办理了入住。请分配客人实际所住的房间。',
  'conflicts.broken.in_house_before_arrival': '{guest} 已入住，但住宿从 {from} 才开始：一台前台挪了住宿，另一台同时办理了入住。请把到店日期改回来。',
  'conflicts.no_administrator_none': '已没有可用的系统管理员，且原管理员都已停用：请在本机停止 Innkeep 后运行 `innkeep user enable 用户名` 启用其中一位。',
  'conflicts.broken.stayed_with_no_show_fee': '{guest} 已到店，但一台前台在与办理入住的前台断开时做了夜审，收取了未到店费用。请恢复该预订以免除此费用。',
  'conflicts.broken.arrived_not_in_house': '{guest} 在一台前台办理了入住，而另一台断开的前台同时取消了该预订或将其记为未到店：客人所住的房间可能正在出售。请恢复该预订并重新办理入住。',
  'conflicts.broken.dates': '{guest}：住宿的离店日期不晚于到店日期。请修改日期。',
  'conflicts.broken.nights': '{guest}：每晚房价与住宿的夜晚不符。请修改住宿以重新计价。',
  'conflicts.broken.total': '{guest}：总价不等于各晚房价之和。请修改住宿以重新计价。',
};
