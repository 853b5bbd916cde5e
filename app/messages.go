package app

// Messages returns the translations of the kernel's messages: those of its
// errors and the words (kinds of records) that messages of every slice use.
func Messages() Translations {
	return Translations{LangZH: zhCN}
}

var zhCN = Catalog{
	"app.internal":  "内部错误",
	"app.not_found": "未找到{kind}“{id}”",
	"app.cancelled": "请求已取消",
	"app.disk_full": "磁盘已满：未保存任何内容；请清理数据目录所在磁盘的空间后重试",

	"app.no_permission":      "您没有 {permission} 权限",
	"app.unknown_permission": "未知权限“{permission}”；权限的格式为“模块.操作”，例如 users.view",
	"app.bad_hotel_scope":    "酒店范围（hotels）必须是“all”或酒店 ID 列表",

	"app.name_hidden_characters": "{what}不能包含控制字符、文字方向标记或不可见字符（其中有 U+{code}）",

	"app.bad_from_date":       "开始日期“{from}”不是有效日期（格式为 YYYY-MM-DD）",
	"app.bad_to_date":         "结束日期“{to}”不是有效日期（格式为 YYYY-MM-DD）",
	"app.empty_date_range":    "开始日期（{from}）必须早于结束日期（{to}）",
	"app.date_range_too_long": "{from} 至 {to} 共 {days} 天；一次最多 {limit} 天",

	"app.data_key_size":     "数据密钥必须为 {size} 字节，而不是 {got} 字节",
	"app.data_key_unusable": "数据密钥无法使用：{reason}",
	"app.data_key_missing":  "数据密钥缺失；请将 {file} 放回数据目录，或运行“innkeep key recover”重建",
	"app.not_encrypted":     "该值不是加密字段",
	"app.other_data_key":    "该值由另一个数据密钥（ID {id}）加密；请恢复属于这份数据的 {file}（当前密钥的 ID 为 {current}）",
	"app.cannot_decrypt":    "加密的值无法解密：它已被改动或损坏",

	"kind.hotel":     "酒店",
	"kind.room":      "房间",
	"kind.room_type": "房型",
	"kind.rate_plan": "价格计划",
	"kind.guest":     "客人",
	"kind.user":      "用户",
	"kind.role":      "角色",
}
