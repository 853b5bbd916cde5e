package app

// Messages returns the translations of the kernel's messages: those of its
// errors and the words (kinds of records) that messages of every slice use.
func Messages() Translations {
	return Translations{LangZH: zhCN}
}

var zhCN = Catalog{
	"app.internal":  "内部错误",
	"app.not_found": "未找到{kind}“{id}”",

	"kind.hotel":     "酒店",
	"kind.room":      "房间",
	"kind.room_type": "房型",
	"kind.rate_plan": "价格计划",
	"kind.guest":     "客人",
	"kind.user":      "用户",
	"kind.role":      "角色",
}
