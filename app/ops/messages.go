package ops

import "innkeep/app"

// Messages returns the translations of this package's messages; English
// sits with each message where it is made (see app.E).
func Messages() app.Translations { return app.Translations{app.LangZH: zhCN} }

var zhCN = app.Catalog{
	// The check of the desk (innkeep check, GET /api/v1/system/check).
	"ops.check_running":     "已有一项检查正在运行；请等它完成后再试",
	"ops.store_damaged":     "数据存储 {path} 已损坏：{problems}。请停止 Innkeep，保留一份数据目录的副本，然后放回能通过此检查的最新存储备份",
	"ops.audit_broken":      "审计日志在 Innkeep 之外被改动过：{problem}。在做任何改动之前，请保留一份数据目录的副本作为证据，并与备份或导出的日志进行比对",
	"ops.key_file_unusable": "无法使用数据密钥文件 {path}：{reason}",
	"ops.disk_unknown":      "无法读取 {dir} 所在磁盘的可用空间：{reason}。请确认该磁盘存在，且至少有 {need} 可用空间",
	"ops.disk_low":          "{dir} 所在磁盘只剩 {free} 可用空间；Innkeep 至少需要 {need} 才能继续写入和备份。请清理一些空间，或将数据目录移到更大的磁盘上",
}
