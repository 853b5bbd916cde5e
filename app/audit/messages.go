package audit

import "innkeep/app"

// Messages returns the translations of this package's messages; English
// sits with each message where it is made (see app.E).
func Messages() app.Translations { return app.Translations{app.LangZH: zhCN} }

var zhCN = app.Catalog{
	"audit.bad_limit":     "每页条数（limit）必须在 1 到 {max} 之间",
	"audit.from_after_to": "开始时间（{from}）不能晚于结束时间（{to}）",
	"audit.bad_before":    "before 必须是审计日志记录的 ID 或 RFC 3339 格式的时间，而不是“{before}”",
	"audit.export_failed": "导出内容无法写入：{reason}",
}
