package access

import "innkeep/app"

// Messages returns the translations of this package's messages; English
// sits with each message where it is made (see app.E).
func Messages() app.Translations { return app.Translations{app.LangZH: zhCN} }

var zhCN = app.Catalog{
	// Users.
	"access.bad_username":            "用户名须为 3 到 32 个字符，只能包含小写字母、数字、“.”、“_”和“-”，并以字母或数字开头",
	"access.display_name_too_long":   "显示名称最多 {max} 个字符",
	"access.bad_email":               "“{email}”不是有效的电子邮箱地址",
	"access.bad_phone":               "电话号码只能包含数字、空格、“+”、“-”和括号（最多 {max} 个字符）",
	"access.no_role":                 "用户至少需要一个角色",
	"access.user_not_found":          "未找到用户“{user}”",
	"access.username_taken":          "用户名“{username}”已被使用",
	"access.user_more_powerful":      "{user} 拥有您所没有的权限 {permission}；只有拥有其全部权限的人才能修改其账户",
	"access.no_such_role":            "角色“{role}”不存在",
	"access.no_such_hotel":           "酒店“{hotel}”不存在",
	"access.cannot_grant_permission": "您不能授予自己没有的权限 {permission}",
	"access.cannot_grant_hotels":     "您不能授予超出自己范围的酒店访问权限",
	"access.last_admin":              "{user} 是最后一位启用中的系统管理员；请先将其他人设为系统管理员",
	"access.bad_user_status":         "用户状态只能是 active（启用）或 disabled（已停用）",
	"access.cannot_disable_self":     "您不能停用自己的账户",

	// Passwords, read when choosing one.
	"access.password_not_text":         "密码含有无法识别的字符",
	"access.password_too_short":        "密码至少需要 {min} 个字符",
	"access.password_too_long":         "密码过长，最多 {max} 字节",
	"access.password_has_username":     "密码中不能包含用户名",
	"access.password_too_common":       "该密码出现在已泄露密码的名单上，会被最先尝试，请换一个",
	"access.password_blank":            "密码不能全是空格",
	"access.password_repeats":          "密码由一个字符或一小段字符重复组成（如 aaaa 或 abcabc），请换一个更难猜的密码",
	"access.password_sequence":         "密码是一串连续的字符（如 abcd、4321 或 qwerty），请换一个更难猜的密码",
	"access.password_has_product_name": "密码中不能包含本程序的名称 Innkeep",
	"access.password_has_hotel_name":   "密码中不能包含酒店名称（{name}）",
	"access.password_word_and_digits":  "密码只是单词“{word}”加上数字或符号，很容易被猜到",
	"access.wrong_current_password":    "当前密码不正确",
	"access.password_unchanged":        "新密码不能与当前密码相同",

	// Sign-in and sessions.
	"access.sign_in_failed":         "用户名或密码错误，或账户已被暂时锁定。",
	"access.too_many_sign_ins":      "本机登录失败次数过多，请在 {minutes} 分钟后重试。",
	"access.session_ended":          "登录已失效，请重新登录",
	"access.session_not_found":      "未找到登录会话“{id}”",
	"access.busy":                   "Innkeep 正忙于校验其他密码，请几秒钟后重试。",
	"access.session_idle_too_short": "会话的空闲时限至少为 {min}（当前为 {value}）",
	"access.session_max_too_short":  "会话的最长时限至少为 {min}（当前为 {value}）",
	"access.session_idle_over_max":  "会话的空闲时限（{idle}）长于其最长时限（{max}）",

	// Roles.
	"access.cannot_change_permission":   "您不能授予或更改自己没有的权限 {permission}",
	"access.bad_role_name":              "角色名称须为 1 到 {max} 个字符",
	"access.role_description_too_long":  "角色说明最多 {max} 个字符",
	"access.builtin_role_name":          "已有名为“{name}”的内置角色",
	"access.role_name_taken":            "名为“{name}”的角色已存在",
	"access.builtin_role_fixed":         "内置角色不能修改；请新建自定义角色",
	"access.builtin_role_undeletable":   "内置角色不能删除",
	"access.role_in_use":                "仍有 {count} 位用户拥有角色“{name}”；请先从他们的账户中移除该角色",
	"access.field_display_name":         "显示名称",
	"access.field_role_name":            "角色名称",
	"access.password_change_locked":     "密码错误次数过多：账户已锁定 {minutes} 分钟，登录也已锁定",
	"access.password_changed_meanwhile": "密码已在此期间被修改或重置；未做任何更改",
	"access.current_password_missing":   "请输入当前密码",
}
