package guest

import "innkeep/app"

// Messages returns the translations of this package's messages; English
// sits with each message where it is made (see app.E).
func Messages() app.Translations { return app.Translations{app.LangZH: zhCN} }

var zhCN = app.Catalog{
	// A guest's details.
	"guest.not_utf8":                     "宾客资料必须是有效的 UTF-8 文本",
	"guest.name_required":                "请填写宾客姓名",
	"guest.hotel_required":               "请选择建立宾客资料的酒店（hotel_id）",
	"guest.merge_other_hotels_stays":     "宾客“{id}”在您无权访问的酒店也有预订，须由有权访问这些酒店的人员合并",
	"guest.name_too_long":                "宾客姓名最多 {max} 个字符",
	"guest.name_control_characters":      "宾客姓名不能包含换行等控制字符、文字方向标记或不可见字符",
	"guest.phone_invalid":                "电话号码只能包含数字、空格、“+”、“-”和括号（最多 32 个字符）",
	"guest.email_invalid":                "“{email}”不是有效的电子邮件地址",
	"guest.nationality_invalid":          "“{nationality}”不是 ISO 3166-1 国家代码；国籍为两个字母，如 CN 或 FR",
	"guest.id_type_invalid":              "“{type}”不是有效的证件类型；请使用 passport（护照）、id_card（身份证）、driving_licence（驾驶证）或 other（其他）",
	"guest.id_number_too_long":           "证件号码最多 {max} 个字符",
	"guest.id_number_control_characters": "证件号码不能包含控制字符、文字方向标记或不可见字符",
	"guest.id_type_missing":              "填写证件号码时请同时填写证件类型（passport、id_card、driving_licence 或 other）",
	"guest.id_number_missing":            "填写证件类型时请同时填写证件号码",
	"guest.notes_too_long":               "备注最多 {max} 个字符",
	"guest.notes_control_characters":     "备注除换行和制表符外不能包含控制字符",
	"guest.data_key_missing":             "证件号码需加密保存，但数据密钥缺失：请将 {file} 恢复到数据目录，或用 `innkeep key recover` 重建，或先不填证件号码保存宾客",
	"guest.search_too_long":              "宾客搜索最多 {max} 个字符",

	// Merged profiles.
	"guest.update_merged":         "宾客“{id}”已合并到“{into}”；请改为修改该档案",
	"guest.merge_needs_duplicate": "请指定要合并的重复宾客（duplicate_id）",
	"guest.merge_into_itself":     "宾客不能合并到自身",
	"guest.merge_into_merged":     "宾客“{id}”本身已合并到“{into}”；请改为合并到该档案",
	"guest.already_merged":        "宾客“{id}”已合并到“{into}”",
	"guest.merged_notes_too_long": "两位宾客的备注合并后将超过 {max} 个字符；请先精简",
	"guest.merge_chain_too_long":  "宾客“{id}”已合并到一个找不到的档案；请重新选择宾客",
	"guest.merged_into_missing":   "宾客“{id}”已合并到“{into}”，但找不到该档案；请重新选择宾客",
}
