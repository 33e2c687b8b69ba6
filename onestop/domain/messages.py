"""The single Vietnamese message catalogue shared by the CLI and the GUI.

Validation and service code raise errors carrying a *code* and parameters;
only this module turns them into words.  Keeping every user-facing sentence
here means the CLI and the GUI always say the same thing, and a reviewer can
proof-read all wording in one place.
"""

from __future__ import annotations

import string
from datetime import date, datetime
from typing import Any

__all__ = ["FIELD_LABELS", "GENERIC_MESSAGE", "MESSAGES", "SHORT_MESSAGES", "label", "message"]

FIELD_LABELS: dict[str, str] = {
    # Applicant
    "name": "Họ và tên",
    "id_number": "Số định danh cá nhân/CCCD",
    "birth_date": "Ngày sinh",
    "sex": "Giới tính",
    "cccd_qr": "Mã QR trên thẻ căn cước",
    "phone": "Số điện thoại",
    "email": "Thư điện tử",
    "address": "Địa chỉ",
    "org": "Tổ chức",
    "tax_code": "Mã số thuế",
    "retention_years": "Thời hạn lưu dữ liệu cá nhân (năm)",
    "person": "Người được trích xuất dữ liệu",
    "access_alert_per_hour": "Ngưỡng cảnh báo số định danh được xem trong một giờ",
    "applicant": "Người nộp hồ sơ",
    # Dossier and events
    "code": "Mã hồ sơ",
    "procedure": "Thủ tục",
    "channel": "Hình thức nộp",
    "sets": "Số bộ hồ sơ",
    "document": "Thành phần hồ sơ",
    "received_at": "Thời điểm tiếp nhận",
    "due": "Ngày hẹn trả kết quả",
    "at": "Thời điểm",
    "reason": "Lý do",
    "to": "Nơi chuyển đến",
    "missing": "Giấy tờ cần bổ sung",
    "new_due": "Ngày hẹn mới",
    "collector": "Người nhận kết quả",
    "collector_id": "Số giấy tờ người nhận",
    "override_reason": "Lý do vượt quyền",
    "ground": "Căn cứ dừng giải quyết",
    "note": "Ghi chú",
    "notes": "Ghi chú",
    "kind": "Loại thao tác",
    "date": "Ngày",
    "decision": "Căn cứ (số văn bản)",
    "status": "Trạng thái",
    "field": "Trường dữ liệu",
    "value": "Giá trị",
    # Users
    "username": "Tên đăng nhập",
    "password": "Mật khẩu",
    "new_password": "Mật khẩu mới",
    "full_name": "Họ tên người dùng",
    "role": "Vai trò",
    "again": "Nhập lại mật khẩu",
    "user": "Người dùng",
    # Reference data and settings
    "days": "Số ngày làm việc",
    "agency_code": "Mã định danh cơ quan",
    "agency_name": "Tên cơ quan",
    "counter": "Số quầy",
    "fee": "Phí, lệ phí",
    "time_limit": "Thời hạn giải quyết",
    "cutoff": "Giờ chốt nhận",
    "province": "Tỉnh, thành phố",
    "serial": "Số thứ tự",
    "dossiers": "Số hồ sơ mẫu",
    # Reports, search, import/export
    "from": "Từ ngày",
    "to_date": "Đến ngày",
    "query": "Từ khóa tìm kiếm",
    "file": "Tệp",
    "out": "Tệp xuất ra",
    "url": "Địa chỉ URL",
    "admin_url": "Địa chỉ URL quản trị trung tâm",
    "limit": "Số dòng tối đa",
    "printer": "Máy in",
    # Printing (issue 4)
    "reprint_reason": "Lý do in lại",
    "layout": "Khổ giấy in",
    "format": "Định dạng tệp",
    # Agency settings and the settings file (issue 8: validated by the services)
    "parent_name": "Cơ quan chủ quản",
    "unit_name": "Tên bộ phận tiếp nhận và trả kết quả",
    "place_name": "Địa danh",
    "office_start": "Giờ bắt đầu làm việc",
    "office_end": "Giờ kết thúc làm việc",
    "due_soon_days": "Số ngày làm việc cảnh báo sắp đến hạn",
    "portal_ack_hours": "Số giờ chờ Cổng Dịch vụ công quốc gia xác nhận",
    "adapter_url": "Địa chỉ bộ chuyển tiếp (LGSP)",
    "auth_path": "Đường dẫn đăng nhập",
    "integration_path": "Đường dẫn tích hợp",
    "share_path": "Đường dẫn chia sẻ",
    "madonvi": "Mã đơn vị",
    "dstcode": "Mã dstcode",
    "catalogue": "Danh mục thủ tục",
    "central": "Máy chủ trung tâm",
    "faults": "Lỗi giả lập",
    "since": "Từ ngày",
    "unit": "Đơn vị tiếp nhận",
    "resume_policy": "Cách tính thời hạn sau khi bổ sung hồ sơ",
    "after_hours": "Cách tính thời hạn khi nhận hồ sơ sau giờ làm việc",
    "max_reschedules": "Số lần hẹn lại tối đa",
    "future_tolerance_minutes": "Số phút cho phép lệch đồng hồ",
    "lockout_failures": "Số lần đăng nhập sai trước khi khóa tài khoản",
    "lockout_minutes": "Thời gian khóa tài khoản (phút)",
    "clock_margin_minutes": "Số phút đồng hồ máy được phép chậm hơn thời điểm đã ghi nhận",
    "clock": "Đồng hồ máy tính",
    "settings": "Tệp cấu hình",
    "db": "Cơ sở dữ liệu",
    "sync": "Đồng bộ",
    # Receiving units and handling agencies (issue 14)
    "agency": "Cơ quan giải quyết",
    "unit": "Đơn vị tiếp nhận",
    "unit_code": "Mã định danh đơn vị tiếp nhận",
    "unit_full_name": "Tên đơn vị tiếp nhận",
    "unit_parent": "Cơ quan chủ quản của đơn vị tiếp nhận",
    "unit_place": "Địa danh của đơn vị tiếp nhận",
    "unit_address": "Địa chỉ đơn vị tiếp nhận",
    "return_unit": "Nơi trả kết quả",
    "successor": "Cơ quan kế thừa",
    "valid_from": "Hiệu lực từ ngày",
    "valid_to": "Hiệu lực đến ngày",
    "code_block": "Số mã hồ sơ mỗi quầy trong ngày (code_block)",
    "code_prefix": "Mã định danh dùng làm tiền tố mã hồ sơ (code_prefix)",
    # Notices and satisfaction (issue 18)
    "notify_email": "Thư điện tử nhận thông báo",
    "notify_sms": "Số điện thoại nhận tin nhắn thông báo",
    "smtp_host": "Máy chủ thư (SMTP)",
    "smtp_port": "Cổng máy chủ thư",
    "smtp_user": "Tài khoản máy chủ thư",
    "smtp_security": "Kiểu mã hóa kết nối máy chủ thư",
    "sender": "Địa chỉ gửi thư",
    "timeout": "Thời gian chờ (giây)",
    "sms_url": "Địa chỉ URL cổng tin nhắn",
    "sms_method": "Phương thức HTTP của cổng tin nhắn",
    "sms_body": "Mẫu nội dung JSON của cổng tin nhắn",
    "sms_auth_header": "Tên trường xác thực của cổng tin nhắn",
    "zalo_url": "Địa chỉ URL cổng Zalo",
    "zalo_method": "Phương thức HTTP của cổng Zalo",
    "zalo_body": "Mẫu nội dung JSON của cổng Zalo",
    "zalo_auth_header": "Tên trường xác thực của cổng Zalo",
    "subject": "Tiêu đề thông báo",
    "body": "Nội dung thông báo",
    "rating": "Mức độ hài lòng",
    "comment": "Góp ý của người dân",
}

MESSAGES: dict[str, str] = {
    # Notices and satisfaction (issue 18)
    "mobile_required": "{label} phải là số di động để nhận được tin nhắn.",
    "template_placeholder": (
        "{label} chỉ được dùng các ô code, procedure, place, time, agency (trong ngoặc nhọn);"
        " không dùng được: {value}."
    ),
    "rating_at_return": "{label} chỉ ghi nhận khi trả kết quả cho người dân.",
    # Calendar notices of init (exit code 0, printed on stderr as "calendar: …")
    "tet_decision_missing": (
        "Chưa nhập quyết định nghỉ Tết Nguyên đán năm {year}; hạn giải quyết qua Tết có thể"
        " chưa chính xác."
    ),
    "calendar_unchanged": "Ngày {value} đã được ghi đúng như vậy trong lịch; không có gì thay đổi.",
    "calendar_already": (
        "Ngày {value} vốn đã là ngày {kind}; không cần ghi thêm ngày nghỉ, làm bù."
    ),
    "calendar_no_override": "Ngày {value} không có ngày nghỉ, làm bù riêng nào để xoá.",
    "calendar_overrides_added": (
        "Đã thêm {count} ngày nghỉ, làm bù theo các văn bản mới của Chính phủ: {days}."
    ),
    # Generic text checks
    "required": "{label} không được để trống.",
    "too_long": "{label} quá dài (tối đa {max} ký tự).",
    "too_many": "{label} có quá nhiều mục (tối đa {max} mục).",
    "too_short": "{label} quá ngắn (tối thiểu {min} ký tự).",
    "control_chars": "{label} chứa ký tự điều khiển hoặc ký tự ẩn không hợp lệ.",
    "invalid_chars": "{label} chứa ký tự không được phép: {chars}.",
    "invalid_value": "{label} không hợp lệ: {detail}.",
    # What the printed forms can show (the bundled font's letters, one script, no look-alikes)
    "lookalike_chars": (
        "{label} có ký tự {chars} trông giống chữ thường nhưng là ký tự khác (chữ toàn độ rộng,"
        " chữ của hệ chữ khác hoặc ký tự trang trí); hãy gõ lại bằng bàn phím tiếng Việt:"
        " {suggestion}."
    ),
    "mixed_scripts": (
        "{label} trộn chữ Latinh với chữ {script} trông giống hệt ({chars}); hãy gõ lại các"
        " chữ này bằng bàn phím tiếng Việt: {suggestion}."
    ),
    "other_script": (
        "{label} có chữ {script} ({chars}) mà biểu mẫu in ra không hiển thị được; hãy ghi"
        " bằng chữ Latinh (tên người nước ngoài: phần chữ Latinh trong hộ chiếu hoặc phiên"
        " âm), cách viết gốc ghi vào ô Ghi chú của hồ sơ."
    ),
    "unprintable_chars": (
        "{label} có ký tự {chars} mà phông chữ của biểu mẫu không in được; hãy bỏ đi hoặc"
        " thay bằng chữ cái, dấu câu thông thường."
    ),
    # Citizen ID (Điều 13 NĐ 137/2015/NĐ-CP, TT 07/2016/TT-BCA)
    "id_number_format": "{label} phải gồm đúng 12 chữ số.",
    "id_number_province": (
        "Ba chữ số đầu của {label} ({value}) không phải là mã tỉnh, thành phố"
        " hoặc mã quốc gia nơi đăng ký khai sinh hợp lệ."
    ),
    "id_number_century": (
        "Chữ số thứ tư của {label} (mã thế kỷ và giới tính) không phù hợp với năm sinh {year}."
    ),
    "id_number_year": (
        "Chữ số thứ năm và thứ sáu của {label} phải là hai số cuối của năm sinh ({expected})."
    ),
    # The QR of a chip ID card (domain/cccd.py)
    "cccd_format": (
        "{label} không đúng định dạng: cần số định danh 12 chữ số và bảy trường ngăn cách"
        " bởi dấu |."
    ),
    "cccd_truncated": (
        "{label} bị thiếu (chỉ đọc được {count} trên 7 trường); hãy quét lại thẻ."
    ),
    "cccd_date": "{label} có ngày sinh hoặc ngày cấp không hợp lệ; hãy quét lại thẻ.",
    "cccd_mismatch": (
        "{label} không nhất quán: giới tính không khớp với chữ số thứ tư của số định danh."
    ),
    "cccd_name_damaged": (
        "{label} trên thẻ bị máy quét làm hỏng dấu tiếng Việt; hãy gõ {label} theo thẻ."
    ),
    "cccd_filled": "Đã điền từ thẻ căn cước: {fields}.",
    "cccd_type_rest": (
        "Máy quét làm hỏng chữ có dấu; hãy gõ theo thẻ: {fields}."
    ),
    "cccd_returning": (
        "Công dân đã nộp {count} hồ sơ; thông tin liên hệ của hồ sơ gần nhất ({value})"
        " đã được điền sẵn, hãy hỏi lại công dân."
    ),
    # Verifying a receipt's signed QR (services/receipt_keys.py)
    "verify_genuine": "Giấy tiếp nhận thật: hồ sơ {value} do {unit} (quầy {counter}) cấp lúc {at}.",
    "verify_altered": "Giấy tiếp nhận đã bị sửa: mã QR của hồ sơ {value} không khớp chữ ký.",
    "verify_unknown_key": (
        "Chưa xác minh được hồ sơ {value}: khoá ký của {unit} chưa có trên máy này (hãy đồng"
        " bộ rồi thử lại)."
    ),
    "verify_appointment_changed": (
        "Giấy tiếp nhận của hồ sơ {value} là thật nhưng ngày hẹn đã thay đổi; hãy xem phiếu"
        " hẹn lại mới nhất."
    ),
    "verify_not_receipt": "Không phải mã QR của giấy tiếp nhận do hệ thống này cấp.",
    "verify_no_qr": "Không tìm thấy mã QR nào trong ảnh {value}.",
    "receipt_key_rotated": "Đã thay khoá ký giấy tiếp nhận của quầy: khoá mới {value}.",
    # Contact details
    "phone_format": (
        "{label} không hợp lệ: số di động gồm 10 chữ số bắt đầu bằng 03, 05, 07, 08 hoặc 09;"
        " số cố định gồm 10 hoặc 11 chữ số bắt đầu bằng 02."
    ),
    "email_format": "{label} không đúng định dạng (ví dụ: ten@coquan.gov.vn).",
    # Dates and times
    "date_format": (
        "{label} không đúng định dạng; vui lòng nhập theo dạng năm-tháng-ngày"
        " (YYYY-MM-DD) hoặc ngày/tháng/năm (DD/MM/YYYY)."
    ),
    "date_impossible": "{label} không tồn tại trên lịch: {value}.",
    "date_too_early": "{label} không được trước ngày {min}.",
    "date_future": "{label} không được sau ngày {max}.",
    "date_order": "{label} không được trước {other}.",
    "datetime_format": (
        "{label} không đúng định dạng ngày giờ ISO 8601 (ví dụ: 2025-07-15T08:30:00+07:00)."
    ),
    "datetime_future": "{label} không được muộn hơn thời điểm hiện tại quá {minutes} phút.",
    "before_receipt": "{label} không được sớm hơn thời điểm tiếp nhận hồ sơ.",
    # Look-ups and choices
    "unknown_procedure": "{label} có mã “{value}” không có trong danh mục thủ tục hành chính.",
    "unknown_dossier": "{label} “{value}” không tồn tại trong hệ thống.",
    "not_found": "{label} “{value}” không tồn tại.",
    "duplicate": "{label} “{value}” đã tồn tại.",
    "invalid_choice": "{label} phải là một trong các giá trị: {choices}.",
    # Numbers
    "number_format": "{label} phải là một số nguyên.",
    "number_range": "{label} phải nằm trong khoảng từ {min} đến {max}.",
    # Dossier workflow
    "transition_not_allowed": (
        "{label} “{kind}” không được phép khi hồ sơ đang ở trạng thái “{status}”."
    ),
    "reschedule_once": (
        "Hồ sơ đã được hẹn lại ngày trả kết quả một lần; muốn hẹn lại lần nữa,"
        " quản trị viên phải nhập Lý do vượt quyền."
    ),
    "reschedule_not_later": "{label} phải sau ngày hẹn trả kết quả hiện tại ({due}).",
    "code_space_exhausted": (
        "Quầy đã dùng hết {size} số thứ tự Mã hồ sơ của ngày {day}; quản trị viên có thể tăng"
        " thiết lập code_block (số mã mỗi quầy trong ngày) từ ngày hôm sau."
    ),
    "agency_code_format": (
        "{label} “{value}” không đúng cấu trúc mã định danh (ví dụ 000.00.15.H36)."
    ),
    "unknown_agency": "{label} có mã “{value}” chưa được khai báo.",
    "unknown_unit": "{label} có mã “{value}” chưa được khai báo là đơn vị tiếp nhận.",
    "central_unit_row": (
        "{label} “{value}” là đơn vị tiếp nhận: quản trị trung tâm chỉ sửa cơ quan giải quyết;"
        " sửa đơn vị bằng tài khoản chủ cơ sở dữ liệu (central add-counter --unit-name)."
    ),
    "return_point_only": (
        "Hồ sơ “{value}” do đơn vị khác tiếp nhận; tại nơi trả kết quả chỉ ghi được việc trả"
        " kết quả và ghi chú."
    ),
    "agency_not_for_procedure": (
        "{label} “{value}” không giải quyết thủ tục này; chọn một trong: {choices}."
    ),
    "agency_choice_needed": (
        "Thủ tục này do nhiều cơ quan giải quyết; hãy chọn {label}: {choices}."
    ),
    "agency_not_valid": "{label} “{value}” không còn hoặc chưa có hiệu lực vào ngày tiếp nhận.",
    "counter_over_block": (
        "{label} phải từ 1 đến {max} với thiết lập code_block = {block} của đơn vị."
    ),
    "shared_prefix_full": (
        "Đã có {count} quầy dùng chung tiền tố mã hồ sơ {value}; tối đa {max} quầy được dùng"
        " chung một tiền tố (thiết lập code_prefix)."
    ),
    # Accounts and access
    "forbidden": "Bạn không có quyền thực hiện thao tác: {action}.",
    "bad_credentials": "Tên đăng nhập hoặc mật khẩu không đúng.",
    "account_locked": (
        "Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần; vui lòng thử lại sau {until}."
    ),
    "account_disabled": "Tài khoản đã bị vô hiệu hóa; vui lòng liên hệ quản trị viên.",
    "reports_only_role": (
        "Phiên chỉ xem báo cáo trên cơ sở dữ liệu trung tâm chỉ dành cho lãnh đạo và quản trị"
        " viên."
    ),
    "weak_password": (
        "{label} quá yếu: cần ít nhất {min} ký tự và có ít nhất hai loại ký tự"
        " (chữ thường, chữ hoa, chữ số, ký hiệu)."
    ),
    "password_has_username": "{label} không được chứa tên đăng nhập.",
    "password_common": (
        "{label} quá phổ biến hoặc dễ đoán (mật khẩu hay bị lộ, một từ, tên, địa danh hay"
        " ngày tháng ghép với vài chữ số); hãy dùng một cụm nhiều từ mà người khác không"
        " đoán được, ví dụ “Hoa-Ban-Tay-Bac!7”."
    ),
    # Desk GUI (issue 3)
    "password_mismatch": "Hai lần nhập mật khẩu không khớp nhau.",
    "printer_unavailable": (
        "Không in được ra máy in {value}: {detail}. Hãy kiểm tra máy in đã bật, còn giấy"
        " và đúng tên trong phần Cài đặt."
    ),
    # Printing (issue 4)
    "reprint_reason_required": (
        "Giấy tiếp nhận của hồ sơ {value} đã được in {count} lần; muốn in lại phải nhập"
        " {label} (được ghi vào nhật ký)."
    ),
    "form_no_event": (
        "Hồ sơ {value} chưa có thao tác “{event}” nên chưa có dữ liệu để in {form}."
    ),
    "receipt_unavailable": (
        "Hồ sơ {value} ở trạng thái “{status}” nên không in Giấy tiếp nhận hồ sơ và hẹn trả"
        " kết quả."
    ),
    "file_write_failed": "Không ghi được tệp {value}: {detail}.",
    # Output files that must never be overwritten (services.outfile)
    "out_is_database": (
        "{label} {value} là cơ sở dữ liệu đang dùng hoặc tệp đi kèm của nó; không ghi đè,"
        " hãy chọn tên tệp khác."
    ),
    "out_is_sqlite": (
        "{label} {value} là một tệp cơ sở dữ liệu SQLite (dữ liệu hoặc bản sao lưu); không"
        " ghi đè, hãy chọn tên tệp khác."
    ),
    "out_in_backup_folder": (
        "{label} {value} nằm trong thư mục sao lưu {folder}; không ghi tệp khác vào thư mục"
        " này, hãy chọn thư mục khác."
    ),
    "out_not_regular": (
        "{label} {value} không phải là một tệp thông thường (thư mục hoặc thiết bị); hãy chọn"
        " đường dẫn tới một tệp."
    ),
    "out_read_only": (
        "{label} {value} đã có và chỉ được đọc (không có quyền ghi); không ghi đè, hãy chọn tên"
        " tệp khác."
    ),
    # Search
    "find_truncated": (
        "Chỉ hiện {shown} trên {total} hồ sơ tìm thấy — hãy thu hẹp tìm kiếm (mã hồ sơ, số"
        " định danh, số điện thoại hoặc họ tên đầy đủ hơn) hoặc dùng --limit."
    ),
    # Reliability (issue 8)
    "csv_malformed": (
        "{label} không đúng định dạng CSV (lỗi ở dòng {line}): có dấu ngoặc kép chưa đóng"
        " hoặc một ô dữ liệu quá dài."
    ),
    "office_hours_order": "{label} phải sớm hơn giờ kết thúc làm việc.",
    "not_a_database": (
        "Tệp {value} không phải cơ sở dữ liệu OneStop hoặc sai khoá/mật khẩu; hãy kiểm tra"
        " lại đường dẫn, đặt khoá khôi phục vào biến ONESTOP_RECOVERY_KEY, hoặc khôi phục từ"
        " bản sao lưu bằng “onestop restore”."
    ),
    "settings_corrupt": (
        "{label} {value} bị hỏng hoặc có giá trị sai kiểu ({detail}); hãy sửa hoặc xóa tệp"
        " này, hoặc chỉ định cơ sở dữ liệu bằng tùy chọn --db."
    ),
    # Clock sanity
    "clock_behind": (
        "{label} đang chỉ {now}, sớm hơn {source} ({reference}) quá {minutes} phút: mã hồ sơ,"
        " sổ theo dõi và ngày hẹn sẽ mang ngày sai. Hãy chỉnh lại ngày giờ của máy; nếu đồng"
        " hồ đúng, quản trị viên xác nhận (trên màn hình Tiếp nhận, hoặc"
        " “onestop receive … --clock-confirmed”)."
    ),
    # Infrastructure
    "not_initialised": (
        "Cơ sở dữ liệu chưa được khởi tạo hoặc chưa gắn với cơ quan, quầy nào; "
        "hãy chạy lệnh “onestop init” hoặc trình hướng dẫn cài đặt lần đầu."
    ),
    "database_unavailable": (
        "Không kết nối được cơ sở dữ liệu {value}; vui lòng thử lại sau hoặc liên hệ quản trị"
        " viên."
    ),
    # issue 19: a supervisor's reports-only session on the central database
    "central_not_upgraded": (
        "Cơ sở dữ liệu trung tâm chưa được nâng cấp lên phiên bản này; tài khoản chỉ đọc không"
        " nâng cấp được. Hãy báo quản trị viên chạy “onestop central init”."
    ),
    # Storage failures, one message per cause (the exit code in brackets)
    "db_url_invalid": (
        "Địa chỉ cơ sở dữ liệu không hợp lệ hoặc không được hỗ trợ; dùng"
        " sqlite:///đường-dẫn-tới-tệp hoặc postgresql://tên@máy-chủ/tên-cơ-sở-dữ-liệu."
    ),  # 2
    "db_missing": (
        "Không có cơ sở dữ liệu {value}; hãy kiểm tra lại đường dẫn (--db), hoặc chạy"
        " “onestop init” để tạo cơ sở dữ liệu mới."
    ),  # 3
    "db_unknown": (
        "Máy chủ không có cơ sở dữ liệu {value}; hãy kiểm tra tên cơ sở dữ liệu trong địa chỉ."
    ),  # 3
    "db_auth": (
        "Máy chủ cơ sở dữ liệu {value} từ chối đăng nhập: sai tên đăng nhập hoặc mật khẩu."
    ),  # 4
    "database_busy": (
        "Cơ sở dữ liệu {value} đang bị một chương trình khác giữ quyền ghi quá {seconds} giây;"
        " vui lòng thử lại sau."
    ),  # 5
    "disk_full": (
        "Ổ đĩa chứa tệp {value} đã hết chỗ trống nên không ghi được; dữ liệu vẫn nguyên như"
        " trước. Hãy giải phóng dung lượng ổ đĩa rồi làm lại."
    ),  # 6
    "read_only": (
        "Tệp {value} nằm trên ổ đĩa chỉ đọc hoặc không được phép ghi; dữ liệu vẫn nguyên như"
        " trước. Hãy kiểm tra ổ đĩa và quyền ghi rồi làm lại."
    ),  # 7
    "database_corrupt": (
        "Cơ sở dữ liệu {value} bị hỏng (không qua được kiểm tra toàn vẹn: {detail}); không"
        " ghi thêm vào tệp này. Hãy khôi phục từ bản sao lưu bằng “onestop restore”."
    ),  # 8
    # Sync with the central server (issue 6)
    "sync_offline": (
        "Không kết nối được máy chủ trung tâm (mất mạng hoặc máy chủ đang tắt). Dữ liệu vẫn"
        " được lưu trên máy này và sẽ tự động đồng bộ khi có kết nối."
    ),
    "sync_auth": (
        "Máy chủ trung tâm từ chối đăng nhập của quầy này (sai tên hoặc mật khẩu kết nối);"
        " quản trị viên cần cấp lại thông tin kết nối và chạy lại “onestop join”."
    ),
    "sync_refused": (
        "Máy chủ trung tâm từ chối ghi dữ liệu ({detail}); mỗi quầy chỉ được ghi hồ sơ"
        " của cơ quan mình."
    ),
    "sync_origin_clash": (
        "Máy chủ trung tâm đã có dữ liệu cùng số hiệu do một máy khác gửi lên ({detail});"
        " có thể hai máy đang dùng chung một số quầy. Vui lòng liên hệ quản trị viên."
    ),
    "sync_counter_taken": (
        "Quầy này đã được gắn với một máy khác; nếu máy này thay thế máy cũ, hãy chạy"
        " “onestop join” với tùy chọn --replace."
    ),
    "sync_failed": "Đồng bộ với máy chủ trung tâm không thành công: {detail}.",
    "sync_not_joined": (
        "Máy này chưa được kết nối với máy chủ trung tâm; quản trị viên cần chạy"
        " “onestop join” trước."
    ),
    "sync_identity_mismatch": (
        "Tài khoản kết nối thuộc {central}, nhưng máy này được cài đặt là {local};"
        " vui lòng kiểm tra lại thông tin kết nối."
    ),
    "sync_not_central": (
        "Cơ sở dữ liệu này chưa được khởi tạo làm máy chủ trung tâm; hãy chạy"
        " “onestop central init” trước."
    ),
    "sync_needs_postgres": "{label} của máy chủ trung tâm phải là PostgreSQL (postgresql://…).",
    "sync_password_file": (
        "Không có kho mật khẩu của hệ điều hành; mật khẩu kết nối được lưu trong tệp {value},"
        " chỉ tài khoản người dùng hiện tại đọc được."
    ),
    "sync_held": (
        "Thay đổi dùng chung (tài khoản, danh mục thủ tục, lịch nghỉ) chờ quản trị viên trung"
        " tâm gửi lên; các quầy khác nhận được sau khi quản trị viên gửi bằng tài khoản quản"
        " trị trung tâm."
    ),
    "sync_not_admin": (
        "Tài khoản {value} không phải tài khoản quản trị trung tâm nên không được ghi tài"
        " khoản, danh mục thủ tục và lịch nghỉ dùng chung; dùng tài khoản do"
        " “onestop central add-admin” cấp."
    ),
    "central_role_clash": (
        "Vai trò {value} đã có trên máy chủ PostgreSQL và {detail}; OneStop Desk không cấp"
        " vai trò này cho ai và không đặt lại mật khẩu của nó. Hãy dùng tên khác (xem mục"
        " vai trò trong docs/sync.md)."
    ),
    "central_role_owner": (
        "là chủ sở hữu cơ sở dữ liệu hoặc các bảng (hoặc tài khoản đang chạy lệnh), hay có"
        " quyền của chủ sở hữu."
    ),
    "central_role_powerful": (
        "có quyền quản trị máy chủ (SUPERUSER, CREATEROLE, CREATEDB, REPLICATION hoặc"
        " BYPASSRLS)."
    ),
    "central_role_owns": "sở hữu bảng hoặc đối tượng khác trong cơ sở dữ liệu.",
    "central_role_login": "là tài khoản đăng nhập, không phải nhóm quyền.",
    "central_role_group": "là nhóm quyền, không phải tài khoản đăng nhập.",
    "central_roles_repaired": (
        "đã gỡ {value} khỏi một vai trò không phải nhóm quyền của OneStop Desk (phiên bản cũ"
        " cấp nhầm, ví dụ khi chủ sở hữu tên là <cơ sở dữ liệu>_admin) và cấp nhóm quyền đúng."
    ),
    "central_auth": (
        "Máy chủ trung tâm từ chối đăng nhập quản trị của {value} (sai tên hoặc mật khẩu của"
        " tài khoản quản trị trong --url, ONESTOP_CENTRAL_PASSWORD hoặc mật khẩu đã nhập)."
    ),
    "central_refused": (
        "Máy chủ trung tâm từ chối thao tác quản trị của {value} ({detail}); tài khoản trong"
        " --url phải là chủ sở hữu cơ sở dữ liệu trung tâm và có quyền CREATEROLE."
    ),
    "url_password_visible": (
        "cảnh báo: mật khẩu nằm trong địa chỉ trên dòng lệnh, người khác trên máy có thể"
        " thấy (ps); hãy bỏ mật khẩu khỏi địa chỉ và nhập khi được hỏi, hoặc đặt biến môi"
        " trường ONESTOP_CENTRAL_PASSWORD."
    ),
    "sync_chain_diverged": (
        "Chuỗi băm {chain} của quầy này ({value}) không khớp với bản trên máy chủ trung tâm"
        " từ số thứ tự {seq}: dữ liệu đã đồng bộ trên máy này có thể đã bị sửa. Đã ngừng gửi"
        " dữ liệu lên máy chủ; hãy báo quản trị viên, kiểm tra máy này và khôi phục bản sao"
        " lưu tốt gần nhất (“onestop restore”, rồi “onestop sync --full”)."
    ),
    "sync_conflict": (
        "Hồ sơ {code}: thao tác “{kind}” lúc {at} của quầy {counter} mâu thuẫn với lịch sử"
        " đã đồng bộ nên được giữ trong lịch sử nhưng không được áp dụng."
    ),
    # Backup, restore and upgrades (issue 7)
    "backup_not_sqlite": "Tệp {value} không phải là tệp cơ sở dữ liệu SQLite hợp lệ.",
    "backup_corrupt": (
        "Tệp {value} bị hỏng, không qua được kiểm tra toàn vẹn (integrity_check): {detail}."
    ),
    "backup_not_onestop": (
        "Tệp {value} là cơ sở dữ liệu SQLite nhưng không phải dữ liệu của OneStop Desk."
    ),
    "restore_missing": (
        "{count} hồ sơ tiếp nhận sau thời điểm sao lưu không có trong bản sao lưu ({value});"
        " chúng vẫn nằm trong bản lưu an toàn {file}. Các mã hồ sơ và số vào sổ đã cấp được"
        " giữ lại, không cấp trùng; nếu máy đã đồng bộ, chạy “onestop sync --full” để nhận"
        " lại các hồ sơ này từ máy chủ trung tâm."
    ),
    "backup_sqlite_only": (
        "Chỉ sao lưu, khôi phục được cơ sở dữ liệu SQLite trên máy này; cơ sở dữ liệu"
        " PostgreSQL được sao lưu trên máy chủ (pg_dump)."
    ),
    "backup_failed": "Không sao lưu được cơ sở dữ liệu vào {value}: {detail}.",
    "demo_on_joined": (
        "Cơ sở dữ liệu này đã kết nối với máy chủ trung tâm; không được thêm dữ liệu mẫu"
        " (hồ sơ giả sẽ được đồng bộ lên và sang các quầy khác). Hãy dùng một tệp riêng,"
        " ví dụ: onestop --db sqlite:///demo.sqlite3 demo --dossiers 5000."
    ),
    "demo_on_real_data": (
        "Cơ sở dữ liệu này đã có hồ sơ thật; không được thêm dữ liệu mẫu vào. Hãy dùng một"
        " tệp riêng, ví dụ: onestop --db sqlite:///demo.sqlite3 demo --dossiers 5000."
    ),
    "join_demo_database": (
        "Đây là cơ sở dữ liệu mẫu (tạo bằng “onestop demo”, hồ sơ giả, mật khẩu công khai);"
        " không được kết nối với máy chủ trung tâm. Hãy cài đặt một cơ sở dữ liệu mới bằng"
        " “onestop init” hoặc “onestop join”."
    ),
    "restore_in_progress": (
        "Cơ sở dữ liệu đang được khôi phục từ bản sao lưu nên chưa ghi được; chưa có gì"
        " được lưu, vui lòng thử lại sau ít phút."
    ),
    "restore_busy": (
        "Cơ sở dữ liệu {value} đang được chương trình khác ghi (giao diện, dòng lệnh hoặc"
        " đồng bộ) suốt {seconds} giây nên chưa khôi phục; chưa có gì thay đổi, vui lòng"
        " thử lại sau."
    ),
    "upgrade_failed": (
        "Nâng cấp cơ sở dữ liệu lên phiên bản {head} không thành công ({detail}); dữ liệu đã"
        " được khôi phục nguyên trạng từ bản sao lưu {backup}. Vui lòng tiếp tục dùng phiên"
        " bản phần mềm cũ và liên hệ quản trị viên."
    ),
    "upgrade_rolled_back": (
        "Nâng cấp cơ sở dữ liệu lên phiên bản {head} không thành công ({detail}); mọi thay"
        " đổi đã được hoàn tác. Vui lòng liên hệ quản trị viên."
    ),
    "upgrade_restore_failed": (
        "Nâng cấp cơ sở dữ liệu không thành công và không tự khôi phục được. KHÔNG tiếp tục"
        " sử dụng phần mềm; hãy liên hệ quản trị viên ngay. Bản sao lưu trước khi nâng cấp:"
        " {backup}."
    ),
    # Personal data protection (issue 16)
    "backup_key_wrong": (
        "Không mở được tệp {value}: sai khoá mã hoá hoặc tệp không phải cơ sở dữ liệu; hãy"
        " đặt khoá khôi phục vào biến ONESTOP_RECOVERY_KEY rồi chạy lại."
    ),
    "not_encrypted": (
        "Cơ sở dữ liệu {value} CHƯA được mã hoá: dữ liệu cá nhân của công dân đọc được nếu"
        " tệp bị sao chép; hãy chạy “onestop encrypt”."
    ),
    "recovery_key_notice": (
        "Khoá khôi phục (chỉ hiện một lần — hãy in và cất giữ nơi an toàn): {value}."
    ),
    "encrypt_failed": (
        "Không mã hoá được cơ sở dữ liệu {value} ({detail}); tệp gốc vẫn nguyên vẹn."
    ),
    "encrypt_server": "Chỉ mã hoá được cơ sở dữ liệu SQLite trên máy này.",
    "person_selector": "Cần --id-number, hoặc --name cùng với --birth-date.",
    "person_not_found": "Không có hồ sơ nào của người này ({value}).",
    "retention_years_range": "{label} phải là số năm từ {low} đến {high}.",
    "access_alert": (
        "Tài khoản {value} đã xem đầy đủ {count} số định danh trong một giờ (ngưỡng {limit})."
    ),
    "export_out_format": "{label} phải là tệp .pdf hoặc .json.",
    # The national portal link (onestop portal …, issue 17)
    "portal_not_configured": (
        "Chưa cấu hình liên kết Cổng Dịch vụ công quốc gia cho đơn vị này; chạy"
        " onestop portal configure."
    ),
    "portal_password_missing": (
        "Chưa có mật khẩu của Cổng Dịch vụ công quốc gia: đặt biến ONESTOP_PORTAL_PASSWORD"
        " hoặc lưu vào kho mật khẩu của máy chủ bằng onestop portal configure."
    ),
    "portal_login_refused": "Cổng Dịch vụ công quốc gia từ chối đăng nhập của {value}: {detail}.",
    "portal_unreachable": "Không kết nối được tới Cổng Dịch vụ công quốc gia ({value}): {detail}.",
    "portal_busy": (
        "Một liên kết Cổng Dịch vụ công quốc gia khác đang chạy cho đơn vị này; chờ nó xong rồi"
        " chạy lại."
    ),
    "portal_bad_pair": "Cặp {value} không đúng dạng CỦA_TA=CỦA_CỔNG.",
    "portal_bad_faults": "Chuỗi lỗi giả lập không đúng: {detail}.",
    "portal_bad_setting": "{label} không hợp lệ: {detail}.",
}

# Shown for a code missing from MESSAGES: callers must never see a KeyError
# or a raw code, even when a new error code ships before its wording.
GENERIC_MESSAGE = "{label} không hợp lệ."

# The field a code is about when the caller gives none, so "{label}" still
# reads naturally (e.g. unknown_dossier is always about the dossier code).
_DEFAULT_FIELDS: dict[str, str] = {
    "unknown_procedure": "procedure",
    "unknown_dossier": "code",
    "reschedule_not_later": "new_due",
    "transition_not_allowed": "kind",
    "weak_password": "password",
    "id_number_format": "id_number",
    "id_number_province": "id_number",
    "id_number_century": "id_number",
    "id_number_year": "id_number",
    "cccd_format": "cccd_qr",
    "cccd_truncated": "cccd_qr",
    "cccd_date": "cccd_qr",
    "cccd_mismatch": "cccd_qr",
    "cccd_name_damaged": "name",
}

# Wording used when a caller leaves out a template's optional detail, so a
# sentence never ends in an empty "{value}" or an ellipsis.
SHORT_MESSAGES: dict[str, str] = {
    "invalid_chars": "{label} chứa ký tự không được phép.",
    "invalid_value": "{label} không hợp lệ.",
    "lookalike_chars": (
        "{label} có ký tự trông giống chữ thường nhưng là ký tự khác; hãy gõ lại bằng bàn phím"
        " tiếng Việt."
    ),
    "mixed_scripts": (
        "{label} trộn chữ Latinh với chữ của hệ chữ khác trông giống hệt; hãy gõ lại bằng bàn"
        " phím tiếng Việt."
    ),
    "other_script": (
        "{label} có chữ mà biểu mẫu in ra không hiển thị được; hãy ghi bằng chữ Latinh, cách"
        " viết gốc ghi vào ô Ghi chú của hồ sơ."
    ),
    "unprintable_chars": "{label} có ký tự mà phông chữ của biểu mẫu không in được.",
    "clock_behind": (
        "{label} chậm hơn thời điểm đã ghi nhận; hãy chỉnh lại ngày giờ của máy hoặc để quản"
        " trị viên xác nhận."
    ),
    "id_number_province": (
        "Ba chữ số đầu của {label} không phải là mã tỉnh, thành phố"
        " hoặc mã quốc gia nơi đăng ký khai sinh hợp lệ."
    ),
    "id_number_century": (
        "Chữ số thứ tư của {label} (mã thế kỷ và giới tính) không phù hợp với năm sinh."
    ),
    "id_number_year": "Chữ số thứ năm và thứ sáu của {label} phải là hai số cuối của năm sinh.",
    "cccd_truncated": "{label} bị thiếu trường; hãy quét lại thẻ.",
    "date_impossible": "{label} không tồn tại trên lịch.",
    "date_future": "{label} không được ở thời điểm trong tương lai.",
    "datetime_future": "{label} không được muộn hơn thời điểm hiện tại.",
    "unknown_procedure": "{label} không có trong danh mục thủ tục hành chính.",
    "unknown_dossier": "{label} không tồn tại trong hệ thống.",
    "not_found": "{label} không tồn tại.",
    "duplicate": "{label} đã tồn tại.",
    "transition_not_allowed": "{label} không được phép ở trạng thái hiện tại của hồ sơ.",
    "reschedule_not_later": "{label} phải sau ngày hẹn trả kết quả hiện tại.",
    "code_space_exhausted": (
        "Quầy đã dùng hết số thứ tự Mã hồ sơ của ngày; quản trị viên có thể tăng thiết lập"
        " code_block (số mã mỗi quầy trong ngày) từ ngày hôm sau."
    ),
    "agency_code_format": "{label} không đúng cấu trúc mã định danh (ví dụ 000.00.15.H36).",
    "unknown_agency": "{label} chưa được khai báo.",
    "unknown_unit": "{label} chưa được khai báo là đơn vị tiếp nhận.",
    "central_unit_row": (
        "{label} là đơn vị tiếp nhận: quản trị trung tâm chỉ sửa cơ quan giải quyết."
    ),
    "return_point_only": (
        "Hồ sơ do đơn vị khác tiếp nhận; tại nơi trả kết quả chỉ ghi được việc trả kết quả và"
        " ghi chú."
    ),
    "agency_not_for_procedure": "{label} không giải quyết thủ tục này.",
    "agency_choice_needed": "Thủ tục này do nhiều cơ quan giải quyết; hãy chọn {label}.",
    "agency_not_valid": "{label} không còn hoặc chưa có hiệu lực vào ngày tiếp nhận.",
    "counter_over_block": "{label} vượt quá số quầy mà thiết lập code_block cho phép.",
    "shared_prefix_full": (
        "Đã có quá nhiều quầy dùng chung tiền tố mã hồ sơ (thiết lập code_prefix)."
    ),
    "forbidden": "Bạn không có quyền thực hiện thao tác này.",
    "account_locked": (
        "Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần; vui lòng thử lại sau."
    ),
    "database_unavailable": (
        "Không kết nối được cơ sở dữ liệu; vui lòng thử lại sau hoặc liên hệ quản trị viên."
    ),
    "database_corrupt": (
        "Cơ sở dữ liệu bị hỏng, không qua được kiểm tra toàn vẹn; không ghi thêm vào"
        " tệp này. Hãy khôi phục từ bản sao lưu bằng “onestop restore”."
    ),
}

# Stands in for a placeholder that has neither a value nor a short form; an
# ellipsis is how a blank is written on Vietnamese forms.
_MISSING = "…"
_formatter = string.Formatter()


class _Params(dict[str, str]):
    """Template parameters that render a missing key as an ellipsis."""

    def __missing__(self, key: str) -> str:
        return _MISSING


def label(field: str | None) -> str:
    """Return the Vietnamese label of a field key.

    Args:
        field: A field key such as "phone"; unknown keys are returned as is
            so a new field still produces a readable, if English, message.

    Returns:
        The label, or "Giá trị" when no field is given.
    """
    if not field:
        return FIELD_LABELS["value"]
    return FIELD_LABELS.get(field, field)


def _render(value: Any) -> str:
    """Format one template parameter the way Vietnamese users read it."""
    if isinstance(value, datetime):
        # Callers pass local time; the catalogue does not convert zones.
        return value.strftime("%H:%M %d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (set, frozenset)):
        return ", ".join(sorted(str(v) for v in value))
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _placeholders(template: str) -> set[str]:
    """Names of the {placeholders} in a template."""
    return {name for _, name, _, _ in _formatter.parse(template) if name}


def _template(code: str, given: set[str]) -> str:
    """Pick the full template, or its short form when details are missing."""
    template = MESSAGES.get(code, GENERIC_MESSAGE)
    if _placeholders(template) - given - {"label"} and code in SHORT_MESSAGES:
        return SHORT_MESSAGES[code]
    return template


def message(code: str, /, field: str | None = None, **params: Any) -> str:
    """Render the Vietnamese message for an error code.

    Args:
        code: A key of MESSAGES.  Unknown codes give a generic message.
        field: The field key the message is about; fills "{label}".
        **params: Values for the template's other placeholders.  Dates,
            datetimes and collections are formatted for display.  When one
            is missing the code's SHORT_MESSAGES wording is used instead.

    Returns:
        The filled-in message, never raising for missing parameters.
    """
    field = field or _DEFAULT_FIELDS.get(code)
    values = _Params({key: _render(val) for key, val in params.items()})
    values["label"] = label(field)
    return _template(code, set(params)).format_map(values)



#: What the clock of this PC was compared with (the ``source`` of ``clock_behind``).
CLOCK_SOURCES: dict[str, str] = {
    "database": "thời điểm ghi nhận gần nhất trong dữ liệu của máy này",
    "server": "giờ của máy chủ trung tâm ở lần đồng bộ gần nhất",
}

#: Vietnamese names of writing systems, keyed by the first word of a letter's Unicode name
#: (``onestop.domain.validation`` names the script a refused letter belongs to).
SCRIPT_NAMES: dict[str, str] = {
    "LATIN": "Latinh",
    "CYRILLIC": "Kirin",
    "GREEK": "Hy Lạp",
    "ARMENIAN": "Armenia",
    "GEORGIAN": "Gruzia",
    "HEBREW": "Do Thái",
    "ARABIC": "Ả Rập",
    "CJK": "Hán",
    "BOPOMOFO": "Chú âm",
    "HIRAGANA": "Nhật (Hiragana)",
    "KATAKANA": "Nhật (Katakana)",
    "HANGUL": "Hàn",
    "THAI": "Thái",
    "LAO": "Lào",
    "KHMER": "Khmer",
    "MYANMAR": "Miến Điện",
    "TIBETAN": "Tây Tạng",
    "MONGOLIAN": "Mông Cổ",
    "DEVANAGARI": "Devanagari",
    "BENGALI": "Bengal",
    "TAMIL": "Tamil",
    "CHAM": "Chăm",
    "TAI": "Thái (Tai)",
}
#: A script missing from SCRIPT_NAMES.
OTHER_SCRIPT = "của hệ chữ khác"


def script_name(script: str) -> str:
    """The Vietnamese name of a writing system (see SCRIPT_NAMES)."""
    return SCRIPT_NAMES.get(script, OTHER_SCRIPT)


# --------------------------------------------------------------------------
# Labels of the workflow tokens (statuses, timeliness, event kinds, channels, roles)
# --------------------------------------------------------------------------

STATUS_LABELS: dict[str, str] = {
    "received": "Đã tiếp nhận",
    "processing": "Đang giải quyết",
    "awaiting-supplement": "Chờ bổ sung",
    "result-ready": "Đã có kết quả",
    "returned": "Đã trả kết quả",
    "refused": "Từ chối",
    "withdrawn": "Rút hồ sơ",
    "void": "Đã huỷ (nhập nhầm)",
    "stopped": "Dừng giải quyết",
}
TIMELINESS_LABELS: dict[str, str] = {
    "early": "Trước hạn",
    "on-time": "Đúng hạn",
    "late": "Quá hạn",
    "on-track": "Trong hạn",
    "due-soon": "Sắp đến hạn",
    "overdue": "Quá hạn",
    "paused": "Tạm dừng (chờ bổ sung)",
    "no-limit": "Không quy định thời hạn",
}
EVENT_LABELS: dict[str, str] = {
    "received": "Tiếp nhận",
    "transfer": "Chuyển xử lý",
    "supplement-request": "Yêu cầu bổ sung",
    "supplement-received": "Nhận bổ sung",
    "result-ready": "Có kết quả",
    "reschedule": "Hẹn lại ngày trả",
    "return": "Trả kết quả",
    "refuse": "Từ chối",
    "withdraw": "Rút hồ sơ",
    "void": "Huỷ (nhập nhầm)",
    "stop": "Dừng giải quyết",
    "note": "Ghi chú",
    "correct": "Sửa thông tin",
    "calendar-reschedule": "Dời hẹn do thay đổi lịch nghỉ",
}
#: Kinds of a calendar override, as the messages say them.
OVERRIDE_KIND_LABELS: dict[str, str] = {"off": "nghỉ", "work": "làm việc"}
#: Legal grounds of a stop (workflow.STOP_GROUNDS), as printed on Mẫu 05.
STOP_GROUND_LABELS: dict[str, str] = {
    "applicant-request": "Theo đề nghị bằng văn bản của tổ chức, cá nhân",
    "no-supplement": "Tổ chức, cá nhân không bổ sung, hoàn thiện hồ sơ trong thời hạn quy định",
    "other": "Trường hợp khác theo quy định của pháp luật",
}
CHANNEL_LABELS: dict[str, str] = {
    "direct": "Trực tiếp",
    "post": "Bưu chính công ích",
    "online": "Trực tuyến",
    "vneid": "Qua VNeID",
}
#: Satisfaction ratings (domain.notices.RATINGS), as the citizen reads them.
RATING_LABELS: dict[str, str] = {
    "very-satisfied": "Rất hài lòng",
    "satisfied": "Hài lòng",
    "dissatisfied": "Không hài lòng",
}
#: Notice states, channels and kinds (services.notices), as the detail screen shows them.
NOTICE_LABELS: dict[str, str] = {
    "waiting": "Đang chờ gửi",
    "sent": "Đã gửi",
    "email": "Thư điện tử",
    "sms": "Tin nhắn SMS",
    "zalo": "Zalo",
    "result-ready": "Có kết quả",
    "appointment-moved": "Đổi ngày hẹn",
}
ROLE_LABELS: dict[str, str] = {
    "officer": "Cán bộ tiếp nhận",
    "supervisor": "Lãnh đạo / giám sát",
    "admin": "Quản trị",
}


def token_label(token: str | None, table: dict[str, str]) -> str:
    """The Vietnamese label of a workflow token ("" for None, the token itself if unknown)."""
    if token is None:
        return ""
    return table.get(token, token)
