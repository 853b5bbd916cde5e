import type { replication as en } from '../en/replication';
import type { AreaMessages } from '../types';

// Simplified Chinese messages of the replication area (the keys of ../en/replication.ts).
export const replication: AreaMessages<typeof en> = {
  'refusals.title': '被拒绝的其他前台的更改',
  'refusals.none': '从其他前台收到的更改均已接受。',
  'refusals.alert': '本前台正在拒绝另一前台的更改。问题解决之前，双方看不到对方的更改。',
  'refusals.caption': '每个前台最近一次被拒绝的更改',
  'refusals.desk': '前台',
  'refusals.reason': '原因',
  'refusals.when': '最近拒绝时间',
  'refusals.count': '次数',
  'refusals.change': '第 {seq} 项更改',

  'refusal.clock_ahead': '前台 {desk} 的时钟比本前台快 {ahead}。请校准两台电脑的时钟；时间一致后将重新接受其更改。',
  'refusal.unknown_kind': '前台 {desk} 发送了本版本 Innkeep 不认识的记录类型（{kind}）。请升级本前台的 Innkeep。',
  'refusal.too_large': '前台 {desk} 发送的 {kind} 记录更改超出本前台可接受的大小。',
  'refusal.gap': '前台 {desk} 的更改有缺失：本前台正在等待其第 {expected} 项更改。',
  'refusal.own_origin': '收到一项使用本前台自身编号（{desk}）的更改：另一前台正在使用本前台的编号，例如复制了数据文件夹。',
  'refusal.duplicate_differs': '有两个前台使用同一编号 {desk}：复制的数据文件夹或恢复的备份以同一前台的身份启动了。',
  'refusal.append_only': '前台 {desk} 试图修改或删除一条 {kind} 记录，而此类记录写入后不可更改。',
  'refusal.malformed': '前台 {desk} 发送了本前台无法读取的更改。',
  'refusal.failed': '本前台未能保存前台 {desk} 的一项更改。',
};
