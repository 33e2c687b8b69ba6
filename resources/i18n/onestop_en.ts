<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
    <context>
        <name>AdminLoginDialog</name>
        <message>
            <source>Tài khoản quản trị trung tâm</source>
            <translation>Central administrator account</translation>
        </message>
        <message>
            <source>Tài khoản, danh mục thủ tục và lịch nghỉ dùng chung cho mọi cơ quan chỉ được gửi lên máy chủ trung tâm bằng tài khoản quản trị trung tâm. Mật khẩu chỉ dùng cho lần gửi này, không được lưu trên máy.</source>
            <translation>Accounts, the procedure catalogue and the holiday calendar shared by every agency can only be sent to the central server with a central administrator account. The password is used for this send only and is not stored on this PC.</translation>
        </message>
        <message>
            <source>Tên đăng nhập trung tâm:</source>
            <translation>Central login:</translation>
        </message>
        <message>
            <source>Mật khẩu:</source>
            <translation>Password:</translation>
        </message>
        <message>
            <source>Gửi</source>
            <translation>Send</translation>
        </message>
    </context>
    <context>
        <name>AgenciesModel</name>
        <message>
            <source>Mã định danh</source>
            <translation>Identity code</translation>
        </message>
        <message>
            <source>Loại</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Tên</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Cơ quan chủ quản</source>
            <translation>Governing body</translation>
        </message>
        <message>
            <source>Hiệu lực</source>
            <translation>Validity</translation>
        </message>
        <message>
            <source>Đơn vị tiếp nhận</source>
            <translation>Receiving unit</translation>
        </message>
        <message>
            <source>Cơ quan giải quyết</source>
            <translation>Handling agency</translation>
        </message>
        <message>
            <source>Tiếp nhận và giải quyết</source>
            <translation>Receives and handles</translation>
        </message>
    </context>
    <context>
        <name>AgenciesPage</name>
        <message>
            <source>Mã định danh</source>
            <translation>Identity code</translation>
        </message>
        <message>
            <source>Cơ quan giải quyết</source>
            <translation>Handling agency</translation>
        </message>
        <message>
            <source>Đơn vị tiếp nhận (trung tâm, chi nhánh)</source>
            <translation>Receiving unit (centre, branch)</translation>
        </message>
        <message>
            <source>Loại</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Tên</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Cơ quan chủ quản</source>
            <translation>Governing body</translation>
        </message>
        <message>
            <source>Địa danh (dòng ngày tháng)</source>
            <translation>Place name (date line)</translation>
        </message>
        <message>
            <source>ngày/tháng/năm</source>
            <translation>day/month/year</translation>
        </message>
        <message>
            <source>Hiệu lực từ ngày</source>
            <translation>Valid from</translation>
        </message>
        <message>
            <source>Hiệu lực đến ngày</source>
            <translation>Valid to</translation>
        </message>
        <message>
            <source>Cơ quan kế thừa</source>
            <translation>Successor agency</translation>
        </message>
        <message>
            <source>Lưu cơ quan, đơn vị</source>
            <translation>Save the agency or unit</translation>
        </message>
        <message>
            <source>Đã lưu %1.</source>
            <translation>Saved %1.</translation>
        </message>
    </context>
    <context>
        <name>AgencyPage</name>
        <message>
            <source>Mã định danh cơ quan</source>
            <translation>Agency identity code</translation>
        </message>
        <message>
            <source>Tên cơ quan</source>
            <translation>Agency name</translation>
        </message>
        <message>
            <source>Cơ quan chủ quản</source>
            <translation>Governing body</translation>
        </message>
        <message>
            <source>Tên bộ phận</source>
            <translation>Unit name</translation>
        </message>
        <message>
            <source>Địa chỉ trả kết quả</source>
            <translation>Address for collecting results</translation>
        </message>
        <message>
            <source>Điện thoại</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Địa danh (dòng ngày tháng)</source>
            <translation>Place name (date line)</translation>
        </message>
        <message>
            <source>Số quầy của máy này</source>
            <translation>Counter number of this PC</translation>
        </message>
        <message>
            <source>Giờ bắt đầu làm việc</source>
            <translation>Office opens at</translation>
        </message>
        <message>
            <source>Giờ kết thúc làm việc</source>
            <translation>Office closes at</translation>
        </message>
        <message>
            <source>Tính từ ngày làm việc tiếp theo, lúc bắt đầu giờ làm việc</source>
            <translation>From the next working day, at opening time</translation>
        </message>
        <message>
            <source>Tính từ ngày tiếp nhận (hẹn lúc hết giờ làm việc)</source>
            <translation>From the day of receipt (due at closing time)</translation>
        </message>
        <message>
            <source>Nhận hồ sơ sau giờ làm việc</source>
            <translation>Dossiers received after office hours</translation>
        </message>
        <message>
            <source>Cảnh báo sắp đến hạn (ngày làm việc)</source>
            <translation>Due-soon warning (working days)</translation>
        </message>
        <message>
            <source>Báo hồ sơ chưa được Cổng DVCQG nhận sau (giờ)</source>
            <translation>Flag dossiers the national portal has not acknowledged after (hours)</translation>
        </message>
        <message>
            <source>Lưu</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>Đã lưu.</source>
            <translation>Saved.</translation>
        </message>
    </context>
    <context>
        <name>AppStatusBar</name>
        <message>
            <source>CSDL chưa mã hoá</source>
            <translation>Database NOT encrypted</translation>
        </message>
        <message>
            <source>Dữ liệu cá nhân đọc được nếu tệp bị sao chép; quản trị viên chạy “onestop encrypt”.</source>
            <translation>Personal data can be read from a copy of the file; an administrator runs “onestop encrypt”.</translation>
        </message>
        <message>
            <source>CSDL đã mã hoá</source>
            <translation>Database encrypted</translation>
        </message>
        <message>
            <source>Đồng bộ: chưa cấu hình</source>
            <translation>Sync: not set up</translation>
        </message>
        <message>
            <source>Quầy %1</source>
            <translation>Counter %1</translation>
        </message>
    </context>
    <context>
        <name>CalendarPage</name>
        <message>
            <source>Năm </source>
            <translation>Year </translation>
        </message>
        <message>
            <source>Nghỉ (ngày nghỉ thêm, nghỉ bù)</source>
            <translation>Day off (extra or compensatory)</translation>
        </message>
        <message>
            <source>Làm việc (làm bù ngày thứ Bảy)</source>
            <translation>Working day (make-up Saturday)</translation>
        </message>
        <message>
            <source>Thuộc kỳ nghỉ Tết Nguyên đán</source>
            <translation>Part of the Lunar New Year holiday</translation>
        </message>
        <message>
            <source>Ngày</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Loại</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Tên ngày</source>
            <translation>Name of the day</translation>
        </message>
        <message>
            <source>Căn cứ (số văn bản)</source>
            <translation>Legal basis (document number)</translation>
        </message>
        <message>
            <source>Lưu ngày này</source>
            <translation>Save this day</translation>
        </message>
        <message>
            <source>Xoá ngày này</source>
            <translation>Remove this day</translation>
        </message>
    </context>
    <context>
        <name>CataloguePage</name>
        <message>
            <source>Nhập danh mục từ tệp CSV…</source>
            <translation>Import catalogue from CSV file…</translation>
        </message>
        <message>
            <source>để trống: không quy định</source>
            <translation>leave empty: no time limit</translation>
        </message>
        <message>
            <source>HH:MM, để trống nếu không có</source>
            <translation>HH:MM, leave empty if none</translation>
        </message>
        <message>
            <source>đồng, để trống nếu không thu</source>
            <translation>VND, leave empty if free</translation>
        </message>
        <message>
            <source>Mỗi dòng một thành phần hồ sơ</source>
            <translation>One required document per line</translation>
        </message>
        <message>
            <source>Đang áp dụng</source>
            <translation>In use</translation>
        </message>
        <message>
            <source>Tên thủ tục</source>
            <translation>Procedure name</translation>
        </message>
        <message>
            <source>Lĩnh vực</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Thời hạn (ngày làm việc)</source>
            <translation>Time limit (working days)</translation>
        </message>
        <message>
            <source>Giờ chốt nhận</source>
            <translation>Cut-off time</translation>
        </message>
        <message>
            <source>Phí, lệ phí</source>
            <translation>Fees</translation>
        </message>
        <message>
            <source>Phòng xử lý</source>
            <translation>Handling department</translation>
        </message>
        <message>
            <source>Thành phần hồ sơ</source>
            <translation>Required documents</translation>
        </message>
        <message>
            <source>Lưu thủ tục</source>
            <translation>Save procedure</translation>
        </message>
        <message>
            <source>Chọn tệp danh mục</source>
            <translation>Choose catalogue file</translation>
        </message>
        <message>
            <source>Tệp CSV (*.csv)</source>
            <translation>CSV files (*.csv)</translation>
        </message>
        <message>
            <source>Đã nhập: %1 mới, %2 cập nhật, %3 không đổi.</source>
            <translation>Imported: %1 new, %2 updated, %3 unchanged.</translation>
        </message>
    </context>
    <context>
        <name>CorrectDialog</name>
        <message>
            <source>Sửa thông tin hồ sơ</source>
            <translation>Correct dossier data</translation>
        </message>
        <message>
            <source>Lưu sửa đổi</source>
            <translation>Save correction</translation>
        </message>
        <message>
            <source>Thông tin cần sửa</source>
            <translation>Field to correct</translation>
        </message>
        <message>
            <source>Giá trị đúng</source>
            <translation>Correct value</translation>
        </message>
        <message>
            <source>Lý do sửa *</source>
            <translation>Reason for the correction *</translation>
        </message>
        <message>
            <source>In lại biên nhận sau khi sửa</source>
            <translation>Reprint the receipt after the correction</translation>
        </message>
    </context>
    <context>
        <name>Counter</name>
        <message>
            <source>Trung tâm (trực tuyến)</source>
            <extracomment>Filing channels in the order the receive form offers them. Roles, lowest first. Counter 0 is the central block of codes: dossiers imported from the online portal.</extracomment>
            <translation>Central (online)</translation>
        </message>
        <message>
            <source>Quầy %1</source>
            <translation>Counter %1</translation>
        </message>
    </context>
    <context>
        <name>DashboardFilters</name>
        <message>
            <source>Tháng này</source>
            <translation>This month</translation>
        </message>
        <message>
            <source>Tháng trước</source>
            <translation>Last month</translation>
        </message>
        <message>
            <source>Quý này</source>
            <translation>This quarter</translation>
        </message>
        <message>
            <source>Năm nay</source>
            <translation>This year</translation>
        </message>
        <message>
            <source>Tùy chọn</source>
            <translation>Custom</translation>
        </message>
        <message>
            <source>Mọi lĩnh vực</source>
            <translation>All fields</translation>
        </message>
        <message>
            <source>Mọi phòng xử lý</source>
            <translation>All departments</translation>
        </message>
        <message>
            <source>Mọi hình thức nộp</source>
            <translation>All channels</translation>
        </message>
        <message>
            <source>Mọi cơ quan giải quyết</source>
            <translation>All handling agencies</translation>
        </message>
        <message>
            <source>Mọi đơn vị tiếp nhận</source>
            <translation>All receiving units</translation>
        </message>
        <message>
            <source>Kỳ báo cáo</source>
            <translation>Period</translation>
        </message>
    </context>
    <context>
        <name>DashboardTab</name>
        <message>
            <source>Hồ sơ đang giải quyết (hiện tại)</source>
            <extracomment>Local changes come in bursts (a receipt = several writes): refresh once after them.</extracomment>
            <translation>Dossiers in progress (now)</translation>
        </message>
        <message>
            <source>Quá hạn</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>Sắp đến hạn</source>
            <translation>Due soon</translation>
        </message>
        <message>
            <source>Trong hạn</source>
            <translation>On track</translation>
        </message>
        <message>
            <source>Chờ bổ sung</source>
            <translation>Awaiting supplement</translation>
        </message>
        <message>
            <source>Không quy định thời hạn</source>
            <translation>No time limit</translation>
        </message>
        <message>
            <source>Đến hạn hôm nay</source>
            <translation>Due today</translation>
        </message>
        <message>
            <source>Đến hạn ngày làm việc tiếp theo</source>
            <translation>Due next working day</translation>
        </message>
        <message>
            <source>Trong kỳ</source>
            <translation>In the period</translation>
        </message>
        <message>
            <source>Tiếp nhận</source>
            <translation>Reception</translation>
        </message>
        <message>
            <source>Tồn kỳ trước</source>
            <translation>Carried over</translation>
        </message>
        <message>
            <source>Đã giải quyết</source>
            <translation>Resolved</translation>
        </message>
        <message>
            <source>Trước hạn</source>
            <translation>Early</translation>
        </message>
        <message>
            <source>Đúng hạn</source>
            <translation>On time</translation>
        </message>
        <message>
            <source>Từ chối / rút</source>
            <translation>Refused / withdrawn</translation>
        </message>
        <message>
            <source>Dừng giải quyết</source>
            <translation>Stopped</translation>
        </message>
        <message>
            <source>Tỷ lệ đúng hạn</source>
            <translation>On-time rate</translation>
        </message>
        <message>
            <source>Chưa đồng bộ Cổng DVCQG</source>
            <translation>Not synchronised with the national portal</translation>
        </message>
        <message>
            <source>Hồ sơ quá hạn</source>
            <translation>Overdue dossiers</translation>
        </message>
        <message>
            <source>Hồ sơ sắp đến hạn</source>
            <translation>Dossiers due soon</translation>
        </message>
        <message>
            <source>Theo cơ quan giải quyết (trong kỳ)</source>
            <translation>By handling agency (period)</translation>
        </message>
        <message>
            <source>Theo đơn vị tiếp nhận (trong kỳ)</source>
            <translation>By receiving unit (period)</translation>
        </message>
        <message>
            <source>Làm mới (F5)</source>
            <translation>Refresh (F5)</translation>
        </message>
        <message>
            <source>In báo cáo đầu ngày</source>
            <translation>Print the morning briefing</translation>
        </message>
        <message>
            <source>Xuất báo cáo kỳ (Excel)…</source>
            <translation>Export period report (Excel)…</translation>
        </message>
        <message>
            <source>Xuất báo cáo kỳ (PDF)…</source>
            <translation>Export period report (PDF)…</translation>
        </message>
        <message>
            <source>Chưa có thông tin từ Cổng DVCQG: chưa cấu hình kết nối Cổng hoặc máy chưa nhận trạng thái nào khi đồng bộ.</source>
            <translation>No information from the national portal yet: the portal link is not configured, or this PC has not received any state in its sync.</translation>
        </message>
        <message>
            <source>Số liệu lúc %1</source>
            <translation>Figures as of %1</translation>
        </message>
        <message>
            <source>Báo cáo đầu ngày</source>
            <translation>Morning briefing</translation>
        </message>
        <message>
            <source>Bảng tính Excel (*.xlsx)</source>
            <translation>Excel workbooks (*.xlsx)</translation>
        </message>
        <message>
            <source>Tệp PDF (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <source>Xuất báo cáo kỳ</source>
            <translation>Export period report</translation>
        </message>
    </context>
    <context>
        <name>DocumentsModel</name>
        <message>
            <source>Thành phần hồ sơ</source>
            <translation>Required documents</translation>
        </message>
        <message>
            <source>Bản chính</source>
            <translation>Originals</translation>
        </message>
        <message>
            <source>Bản sao</source>
            <translation>Copies</translation>
        </message>
    </context>
    <context>
        <name>DossierDetailView</name>
        <message>
            <source>← Danh sách (Esc)</source>
            <translation>← List (Esc)</translation>
        </message>
        <message>
            <source>Chưa chọn hồ sơ</source>
            <translation>No dossier selected</translation>
        </message>
        <message>
            <source>Quá trình xử lý</source>
            <translation>History</translation>
        </message>
        <message>
            <source>Thông báo cho người dân</source>
            <translation>Notices to the citizen</translation>
        </message>
        <message>
            <source>Người nộp</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>Tổ chức</source>
            <translation>Organisation</translation>
        </message>
        <message>
            <source>Hiện đầy đủ (Ctrl+Shift+H)</source>
            <translation>Show in full (Ctrl+Shift+H)</translation>
        </message>
        <message>
            <source>Số định danh</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Ngày sinh</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Điện thoại</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Thư điện tử</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <source>Địa chỉ</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>Tiếp nhận</source>
            <translation>Reception</translation>
        </message>
        <message>
            <source>Hồ sơ</source>
            <translation>Dossier</translation>
        </message>
        <message>
            <source>Giấy tờ</source>
            <translation>Documents</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>Đăng ký nhận thông báo: %1 — chưa có thông báo nào.</source>
            <translation>Notices requested: %1 — none sent yet.</translation>
        </message>
        <message>
            <source>%1 bộ · sổ %2 số %3 · phí %4</source>
            <translation>%1 set(s) · book %2 no. %3 · fee %4</translation>
        </message>
        <message>
            <source>• %1 (%2 chính, %3 sao)</source>
            <translation>• %1 (%2 original, %3 copy)</translation>
        </message>
        <message>
            <source>Đã hẹn lại %1 lần; hạn theo quy định: %2</source>
            <translation>Rescheduled %1 time(s); statutory due date: %2</translation>
        </message>
        <message>
            <source>Có kết quả lúc %1</source>
            <translation>Result ready at %1</translation>
        </message>
        <message>
            <source>Đã trả lúc %1</source>
            <translation>Returned at %1</translation>
        </message>
        <message>
            <source>Sửa thông tin</source>
            <translation>Correct data</translation>
        </message>
        <message>
            <source>In lại biên nhận</source>
            <translation>Reprint receipt</translation>
        </message>
    </context>
    <context>
        <name>DossierListView</name>
        <message>
            <source>Làm mới (F5)</source>
            <translation>Refresh (F5)</translation>
        </message>
        <message>
            <source>Tìm theo mã hồ sơ, số định danh, điện thoại hoặc tên (không cần dấu) — Ctrl+F</source>
            <translation>Search by dossier code, ID number, phone or name (accents optional) — Ctrl+F</translation>
        </message>
        <message>
            <source>mọi người</source>
            <translation>everyone</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Tiến độ</source>
            <translation>Timeliness</translation>
        </message>
        <message>
            <source>Lĩnh vực</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>Từ ngày</source>
            <translation>From</translation>
        </message>
        <message>
            <source>Đến ngày</source>
            <translation>To</translation>
        </message>
        <message>
            <source>Người nhận</source>
            <translation>Received by</translation>
        </message>
        <message>
            <source>Xoá bộ lọc</source>
            <translation>Clear filters</translation>
        </message>
        <message>
            <source>Tất cả</source>
            <translation>All</translation>
        </message>
        <message>
            <source>%1 hồ sơ · dữ liệu lúc %2</source>
            <translation>%1 dossiers · data as of %2</translation>
        </message>
    </context>
    <context>
        <name>DossierTableModel</name>
        <message>
            <source>Mã hồ sơ</source>
            <extracomment>(filter, sort key, descending, offset, limit, total) -&gt; the rows of that window (column key, sort key in services.queries.SORTABLE or "" when not sortable) when the count was read (the staleness stamp shown under the list)</extracomment>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Người nộp</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>Số định danh</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Tiến độ</source>
            <translation>Timeliness</translation>
        </message>
        <message>
            <source>Ngày nhận</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Hẹn trả</source>
            <translation>Due</translation>
        </message>
        <message>
            <source>Người nhận</source>
            <translation>Received by</translation>
        </message>
    </context>
    <context>
        <name>DueView</name>
        <message>
            <source>Không quy định thời hạn</source>
            <translation>No time limit</translation>
        </message>
        <message>
            <source>Ngày hẹn trả kết quả</source>
            <translation>Appointment for the result</translation>
        </message>
        <message>
            <source>%1 ngày làm việc, tính từ %2.</source>
            <translation>%1 working days, counted from %2.</translation>
        </message>
        <message>
            <source>Tính từ %1.</source>
            <translation>Counted from %1.</translation>
        </message>
        <message>
            <source>Không tính các ngày nghỉ:</source>
            <translation>Days off not counted:</translation>
        </message>
    </context>
    <context>
        <name>ErrorReporter</name>
        <message>
            <source>Không thực hiện được</source>
            <translation>Could not be done</translation>
        </message>
        <message>
            <source>Đã xảy ra lỗi không mong đợi. Dữ liệu đã lưu không bị ảnh hưởng; thao tác vừa rồi có thể chưa hoàn tất.</source>
            <translation>An unexpected error occurred. Saved data is not affected; the last action may not have completed.</translation>
        </message>
        <message>
            <source>Báo cáo lỗi (gửi cho bộ phận kỹ thuật): %1</source>
            <translation>Error report (send it to technical support): %1</translation>
        </message>
        <message>
            <source>Lỗi không mong đợi</source>
            <translation>Unexpected error</translation>
        </message>
        <message>
            <source>Đóng</source>
            <translation>Close</translation>
        </message>
    </context>
    <context>
        <name>EventDialog</name>
        <message>
            <source>Người nộp tự nhận</source>
            <extracomment>Fields a correction may change (services.reception.CORRECTABLE), in form order.</extracomment>
            <translation>Collected by the applicant</translation>
        </message>
        <message>
            <source>Mời người dân đánh giá (F8)</source>
            <translation>Ask the citizen to rate (F8)</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>Lý do</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Nội dung</source>
            <translation>Text</translation>
        </message>
        <message>
            <source>Hướng dẫn bổ sung</source>
            <translation>Instructions</translation>
        </message>
        <message>
            <source>Chuyển đến</source>
            <translation>Transfer to</translation>
        </message>
        <message>
            <source>Mỗi dòng một giấy tờ</source>
            <translation>One document per line</translation>
        </message>
        <message>
            <source>Giấy tờ cần bổ sung</source>
            <translation>Documents to supplement</translation>
        </message>
        <message>
            <source>Ngày hẹn mới</source>
            <translation>New appointment</translation>
        </message>
        <message>
            <source>Người nhận kết quả</source>
            <translation>Collected by</translation>
        </message>
        <message>
            <source>Số CCCD/giấy tờ người nhận</source>
            <translation>Collector's ID number</translation>
        </message>
        <message>
            <source>Mức độ hài lòng</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>Góp ý của người dân</source>
            <translation>Citizen's comment</translation>
        </message>
        <message>
            <source>Căn cứ dừng giải quyết</source>
            <translation>Legal ground for stopping</translation>
        </message>
        <message>
            <source>Lý do vượt quyền</source>
            <translation>Override reason</translation>
        </message>
        <message>
            <source>— Không đánh giá —</source>
            <translation>— No rating —</translation>
        </message>
    </context>
    <context>
        <name>EventsModel</name>
        <message>
            <source>Thời điểm</source>
            <extracomment>Corrected fields whose old/new values are personal data: masked in the timeline too.</extracomment>
            <translation>Time</translation>
        </message>
        <message>
            <source>Thao tác</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>Người thực hiện</source>
            <translation>User</translation>
        </message>
        <message>
            <source>Quầy</source>
            <translation>Counter</translation>
        </message>
        <message>
            <source>Chi tiết</source>
            <translation>Details</translation>
        </message>
        <message>
            <source>Trung tâm</source>
            <translation>Central</translation>
        </message>
        <message>
            <source>Chuyển đến: %1</source>
            <translation>Transferred to: %1</translation>
        </message>
        <message>
            <source>Cần bổ sung: %1</source>
            <translation>To supplement: %1</translation>
        </message>
        <message>
            <source>Hẹn mới: %1</source>
            <translation>New appointment: %1</translation>
        </message>
        <message>
            <source>Người nhận: %1</source>
            <translation>Collected by: %1</translation>
        </message>
        <message>
            <source>Lịch ngày %1 thay đổi</source>
            <translation>Calendar of %1 changed</translation>
        </message>
        <message>
            <source>Vượt quyền: %1</source>
            <translation>Override: %1</translation>
        </message>
    </context>
    <context>
        <name>FieldChart</name>
        <message>
            <source>Kết quả giải quyết theo lĩnh vực</source>
            <extracomment>Bar colours: two clearly different greens for early and on time, red for late.</extracomment>
            <translation>Results by field</translation>
        </message>
        <message>
            <source>Trước hạn</source>
            <translation>Early</translation>
        </message>
        <message>
            <source>Đúng hạn</source>
            <translation>On time</translation>
        </message>
        <message>
            <source>Quá hạn</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>(Chưa phân lĩnh vực)</source>
            <translation>(No field)</translation>
        </message>
    </context>
    <context>
        <name>FirstAdminDialog</name>
        <message>
            <source>Tạo tài khoản quản trị đầu tiên</source>
            <translation>Create the first administrator account</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu chưa có tài khoản nào. Hãy tạo tài khoản quản trị để đăng nhập.</source>
            <translation>The database has no accounts yet. Create an administrator account to log in.</translation>
        </message>
        <message>
            <source>Quản trị</source>
            <translation>Administrator</translation>
        </message>
        <message>
            <source>Tên đăng nhập</source>
            <translation>Username</translation>
        </message>
        <message>
            <source>Họ tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Mật khẩu</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Tạo tài khoản</source>
            <translation>Create account</translation>
        </message>
        <message>
            <source>Thoát</source>
            <translation>Quit</translation>
        </message>
    </context>
    <context>
        <name>FirstRunWizard</name>
        <message>
            <source>OneStop Desk — Thiết lập lần đầu</source>
            <translation>OneStop Desk — First-run set-up</translation>
        </message>
        <message>
            <source>Đang tạo cơ sở dữ liệu…</source>
            <translation>Creating the database…</translation>
        </message>
        <message>
            <source>Không ghi được vào thư mục: %1</source>
            <translation>Cannot write to the folder: %1</translation>
        </message>
    </context>
    <context>
        <name>LockScreen</name>
        <message>
            <source>Màn hình đã khoá</source>
            <translation>Screen locked</translation>
        </message>
        <message>
            <source>%1 — nhập mật khẩu để tiếp tục làm việc.</source>
            <translation>%1 — enter your password to continue.</translation>
        </message>
        <message>
            <source>Mật khẩu</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Mở khoá</source>
            <translation>Unlock</translation>
        </message>
        <message>
            <source>Đăng xuất</source>
            <translation>Log out</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>OneStop Desk — Đăng nhập</source>
            <translation>OneStop Desk — Log in</translation>
        </message>
        <message>
            <source>Bộ phận Một cửa</source>
            <translation>One-stop desk</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu trung tâm, chỉ xem báo cáo (đăng nhập máy chủ: %1). Chỉ lãnh đạo và quản trị viên đăng nhập được.</source>
            <translation>Central database, reports only (server login: %1). Only supervisors and administrators can sign in.</translation>
        </message>
        <message>
            <source>Tên đăng nhập</source>
            <translation>Username</translation>
        </message>
        <message>
            <source>Mật khẩu</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Đăng nhập</source>
            <translation>Log in</translation>
        </message>
        <message>
            <source>Thoát</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>OneStop Desk — Máy chủ trung tâm</source>
            <translation>OneStop Desk — Central server</translation>
        </message>
        <message>
            <source>Mật khẩu của %1 trên máy chủ trung tâm:</source>
            <translation>Password of %1 on the central server:</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>OneStop Desk — %1</source>
            <translation>OneStop Desk — %1</translation>
        </message>
        <message>
            <source>Bộ phận Một cửa</source>
            <translation>One-stop desk</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu trung tâm — chỉ xem báo cáo (%1)</source>
            <translation>Central database — reports only (%1)</translation>
        </message>
        <message>
            <source>Phiên chỉ xem báo cáo trên cơ sở dữ liệu trung tâm: không tiếp nhận, xử lý hay in hồ sơ tại đây. Hãy dùng phần mềm tại quầy của đơn vị.</source>
            <translation>Reports-only session on the central database: dossiers are not received, processed or printed here. Use the desk software at your unit's counter.</translation>
        </message>
        <message>
            <source>Tiếp nhận (F1)</source>
            <translation>Receive (F1)</translation>
        </message>
        <message>
            <source>Phiên chỉ xem báo cáo: không tiếp nhận hồ sơ tại đây.</source>
            <translation>Reports-only session: dossiers are not received here.</translation>
        </message>
        <message>
            <source>Hồ sơ (F3)</source>
            <translation>Dossiers (F3)</translation>
        </message>
        <message>
            <source>Theo dõi (F4)</source>
            <translation>Overview (F4)</translation>
        </message>
        <message>
            <source>Dữ liệu cá nhân</source>
            <translation>Personal data</translation>
        </message>
        <message>
            <source>Cài đặt</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>Người dùng</source>
            <translation>Users</translation>
        </message>
        <message>
            <source>Bảng theo dõi hiện không mở được; chi tiết lỗi đã được ghi vào nhật ký.</source>
            <translation>The overview cannot be opened right now; the error was written to the log.</translation>
        </message>
        <message>
            <source>Đã quét mã %1</source>
            <translation>Scanned code %1</translation>
        </message>
        <message>
            <source>Phiên chỉ xem báo cáo: không đọc thẻ căn cước tại đây.</source>
            <translation>Reports-only session: ID cards are not read here.</translation>
        </message>
        <message>
            <source>Thẻ căn cước</source>
            <translation>ID card</translation>
        </message>
        <message>
            <source>Kiểm tra giấy tiếp nhận</source>
            <translation>Receipt check</translation>
        </message>
        <message>
            <source>Không tìm thấy hồ sơ</source>
            <translation>Dossier not found</translation>
        </message>
        <message>
            <source>Đóng</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Đã tiếp nhận hồ sơ %1</source>
            <translation>Dossier %1 received</translation>
        </message>
        <message>
            <source>Đã gửi biên nhận %1 tới máy in</source>
            <translation>Receipt %1 sent to the printer</translation>
        </message>
    </context>
    <context>
        <name>Money</name>
        <message>
            <source>Không thu</source>
            <translation>Free</translation>
        </message>
    </context>
    <context>
        <name>MovesDialog</name>
        <message>
            <source>Thay đổi lịch làm dời ngày hẹn</source>
            <translation>Calendar change moves appointments</translation>
        </message>
        <message>
            <source>%1 hồ sơ đang giải quyết sẽ được dời ngày hẹn trả kết quả. Lưu thay đổi và ghi nhận vào quá trình xử lý của từng hồ sơ?</source>
            <translation>%1 dossiers in progress will get a new appointment. Save the change and record it in the history of each dossier?</translation>
        </message>
        <message>
            <source>Lưu và dời ngày hẹn</source>
            <translation>Save and move the appointments</translation>
        </message>
    </context>
    <context>
        <name>MovesModel</name>
        <message>
            <source>Mã hồ sơ</source>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Ngày hẹn cũ</source>
            <translation>Old appointment</translation>
        </message>
        <message>
            <source>Ngày hẹn mới</source>
            <translation>New appointment</translation>
        </message>
    </context>
    <context>
        <name>OutboxDialog</name>
        <message>
            <source>Đồng bộ với máy chủ trung tâm</source>
            <translation>Sync with the central server</translation>
        </message>
        <message>
            <source>Mã dòng</source>
            <translation>Row id</translation>
        </message>
        <message>
            <source>Thời điểm</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Dữ liệu</source>
            <translation>Data</translation>
        </message>
        <message>
            <source>Số lần gửi</source>
            <translation>Attempts</translation>
        </message>
        <message>
            <source>Lỗi gần nhất</source>
            <translation>Last error</translation>
        </message>
        <message>
            <source>Xung đột đã ghi nhận (không áp dụng)</source>
            <translation>Recorded conflicts (not applied)</translation>
        </message>
        <message>
            <source>Đồng bộ ngay (Ctrl+F9)</source>
            <translation>Sync now (Ctrl+F9)</translation>
        </message>
        <message>
            <source>Gửi lại các mục lỗi</source>
            <translation>Retry failed entries</translation>
        </message>
        <message>
            <source>Gửi thay đổi dùng chung…</source>
            <translation>Send shared changes…</translation>
        </message>
        <message>
            <source>Đóng</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Thay đổi chờ gửi (cũ nhất trước):</source>
            <translation>Changes waiting to be sent (oldest first):</translation>
        </message>
        <message>
            <source>Chờ quản trị viên trung tâm gửi</source>
            <translation>Waiting for a central administrator</translation>
        </message>
        <message>
            <source>Hồ sơ</source>
            <translation>Dossier</translation>
        </message>
        <message>
            <source>Diễn biến hồ sơ</source>
            <translation>Dossier event</translation>
        </message>
        <message>
            <source>Nhật ký thao tác</source>
            <translation>Audit entry</translation>
        </message>
        <message>
            <source>Tài khoản</source>
            <translation>Account</translation>
        </message>
        <message>
            <source>Lịch nghỉ</source>
            <translation>Calendar day</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>Cơ quan</source>
            <translation>Agency</translation>
        </message>
        <message>
            <source>Quầy</source>
            <translation>Counter</translation>
        </message>
        <message>
            <source>Đang gửi thay đổi dùng chung…</source>
            <translation>Sending shared changes…</translation>
        </message>
    </context>
    <context>
        <name>OverridesModel</name>
        <message>
            <source>Ngày</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Loại</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Tên ngày</source>
            <translation>Name of the day</translation>
        </message>
        <message>
            <source>Căn cứ</source>
            <translation>Legal basis</translation>
        </message>
        <message>
            <source>Nghỉ</source>
            <translation>Day off</translation>
        </message>
        <message>
            <source>Làm việc</source>
            <translation>Working day</translation>
        </message>
    </context>
    <context>
        <name>PartyModel</name>
        <message>
            <source>Mã định danh</source>
            <translation>Identity code</translation>
        </message>
        <message>
            <source>Tên</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Tiếp nhận</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Đã giải quyết</source>
            <translation>Finished</translation>
        </message>
        <message>
            <source>Giải quyết quá hạn</source>
            <translation>Finished late</translation>
        </message>
        <message>
            <source>Đang giải quyết</source>
            <translation>In progress</translation>
        </message>
        <message>
            <source>Đang quá hạn</source>
            <translation>Overdue now</translation>
        </message>
        <message>
            <source>Tỷ lệ đúng hạn</source>
            <translation>On-time rate</translation>
        </message>
        <message>
            <source>Chưa đồng bộ Cổng DVCQG</source>
            <translation>Not synchronised with the national portal</translation>
        </message>
    </context>
    <context>
        <name>PdfDialog</name>
        <message>
            <source>In (Ctrl+P)</source>
            <translation>Print (Ctrl+P)</translation>
        </message>
        <message>
            <source>Lưu tệp PDF…</source>
            <translation>Save PDF file…</translation>
        </message>
        <message>
            <source>Đóng</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Thiếu thành phần xem trước PDF (PySide6-Pdf).</source>
            <translation>The PDF preview component (PySide6-Pdf) is missing.</translation>
        </message>
        <message>
            <source>Tệp PDF (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
    </context>
    <context>
        <name>PortalPanel</name>
        <message>
            <source>Cổng DVCQG chưa xác nhận</source>
            <translation>Not acknowledged by the national portal</translation>
        </message>
        <message>
            <source>Mã hồ sơ</source>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Tiếp nhận</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Tình trạng</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Lỗi</source>
            <translation>Error</translation>
        </message>
        <message>
            <source>%1 hồ sơ chưa được Cổng DVCQG nhận sau %2 giờ</source>
            <translation>%1 dossiers not acknowledged by the national portal after %2 hours</translation>
        </message>
    </context>
    <context>
        <name>PrintPreviewDialog</name>
        <message>
            <source>Biên nhận hồ sơ %1</source>
            <translation>Receipt of dossier %1</translation>
        </message>
        <message>
            <source>Biên nhận đã được in; nhập lý do in lại</source>
            <translation>The receipt was printed already; enter the reason for a reprint</translation>
        </message>
        <message>
            <source>Khổ A4 (2 liên)</source>
            <translation>A4 (2 copies)</translation>
        </message>
        <message>
            <source>Giấy in nhiệt 80 mm</source>
            <translation>80 mm thermal paper</translation>
        </message>
        <message>
            <source>In (Ctrl+P)</source>
            <translation>Print (Ctrl+P)</translation>
        </message>
        <message>
            <source>Đóng</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Mẫu in</source>
            <translation>Layout</translation>
        </message>
        <message>
            <source>Thiếu thành phần xem trước PDF (PySide6-Pdf).</source>
            <translation>The PDF preview component (PySide6-Pdf) is missing.</translation>
        </message>
    </context>
    <context>
        <name>PrintingPage</name>
        <message>
            <source>Máy in mặc định</source>
            <translation>Default printer</translation>
        </message>
        <message>
            <source>Khổ A4 (2 liên)</source>
            <translation>A4 (2 copies)</translation>
        </message>
        <message>
            <source>Giấy in nhiệt 80 mm</source>
            <translation>80 mm thermal paper</translation>
        </message>
        <message>
            <source>In biên nhận ngay khi lưu (không xem trước)</source>
            <translation>Print the receipt on saving (no preview)</translation>
        </message>
        <message>
            <source>Máy in</source>
            <translation>Printer</translation>
        </message>
        <message>
            <source>Mẫu biên nhận</source>
            <translation>Receipt layout</translation>
        </message>
        <message>
            <source>Lưu</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>Đã lưu.</source>
            <translation>Saved.</translation>
        </message>
    </context>
    <context>
        <name>PrivacyView</name>
        <message>
            <source>Trích xuất dữ liệu cá nhân theo yêu cầu của công dân</source>
            <translation>Export a citizen's personal data on request</translation>
        </message>
        <message>
            <source>đường dẫn tệp .pdf hoặc .json</source>
            <translation>path of a .pdf or .json file</translation>
        </message>
        <message>
            <source>Số định danh cá nhân</source>
            <translation>Personal identification number</translation>
        </message>
        <message>
            <source>Lưu vào tệp</source>
            <translation>Save to file</translation>
        </message>
        <message>
            <source>Trích xuất</source>
            <translation>Export</translation>
        </message>
        <message>
            <source>Cảnh báo xem số định danh (24 giờ qua)</source>
            <translation>Identity-number view alerts (last 24 hours)</translation>
        </message>
        <message>
            <source>Đã lưu %1 hồ sơ vào %2.</source>
            <translation>Saved %1 dossiers to %2.</translation>
        </message>
        <message>
            <source>%1 — %2 đã xem %3 số định danh trong một giờ</source>
            <translation>%1 — %2 viewed %3 identity numbers within one hour</translation>
        </message>
    </context>
    <context>
        <name>ProcedurePicker</name>
        <message>
            <source>Gõ mã hoặc tên thủ tục (không cần dấu)…</source>
            <translation>Type a procedure code or name (accents optional)…</translation>
        </message>
    </context>
    <context>
        <name>ProceduresModel</name>
        <message>
            <source>Mã</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>Tên thủ tục</source>
            <translation>Procedure name</translation>
        </message>
        <message>
            <source>Lĩnh vực</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Thời hạn</source>
            <translation>Time limit</translation>
        </message>
        <message>
            <source>Phí</source>
            <translation>Fee</translation>
        </message>
        <message>
            <source> (ngừng áp dụng)</source>
            <translation> (discontinued)</translation>
        </message>
        <message>
            <source>%1 ngày</source>
            <translation>%1 days</translation>
        </message>
    </context>
    <context>
        <name>QtPrint</name>
        <message>
            <source>thiếu thành phần PySide6 QtPdf</source>
            <extracomment>Raster resolution of the pages sent to the printer. 300 dpi keeps a 0.33 mm barcode module at ~4 dots and an A4 page at ~35 MB while it is painted; a printer with a lower native resolution (203 dpi thermal heads) gets its own, so bars fall on whole dots.</extracomment>
            <translation>the PySide6 QtPdf component is missing</translation>
        </message>
        <message>
            <source>không tìm thấy máy in này trên máy tính</source>
            <translation>this printer is not known on this computer</translation>
        </message>
        <message>
            <source>máy in không nhận lệnh in</source>
            <translation>the printer did not accept the job</translation>
        </message>
        <message>
            <source>máy in dừng giữa chừng</source>
            <translation>the printer stopped part way</translation>
        </message>
        <message>
            <source>không gửi được lệnh in tới máy in</source>
            <translation>the job could not be sent to the printer</translation>
        </message>
        <message>
            <source>Lỗi không mong đợi khi in: %1</source>
            <translation>Unexpected error while printing: %1</translation>
        </message>
    </context>
    <context>
        <name>RatingWindow</name>
        <message>
            <source>Đánh giá mức độ hài lòng</source>
            <translation>Rate our service</translation>
        </message>
        <message>
            <source>Ông/bà có hài lòng với việc giải quyết hồ sơ %1?</source>
            <translation>Are you satisfied with how dossier %1 was handled?</translation>
        </message>
        <message>
            <source>Góp ý (không bắt buộc), rồi nhấn Enter:</source>
            <translation>Comment (optional), then press Enter:</translation>
        </message>
        <message>
            <source>Bấm phím 1, 2 hoặc 3 trên bàn phím số; Esc: bỏ qua.</source>
            <translation>Press 1, 2 or 3 on the numeric keypad; Esc: skip.</translation>
        </message>
    </context>
    <context>
        <name>ReceiveView</name>
        <message>
            <source>Thủ tục (F2)</source>
            <extracomment>How often the preview is refreshed while the form stays open (the cut-off hour passes).</extracomment>
            <translation>Procedure (F2)</translation>
        </message>
        <message>
            <source>Cơ quan giải quyết</source>
            <translation>Handling agency</translation>
        </message>
        <message>
            <source>Nơi trả kết quả</source>
            <translation>Return point</translation>
        </message>
        <message>
            <source>&amp;Cá nhân</source>
            <translation>Person (&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Tổ chức</source>
            <translation>Organisation (&amp;T)</translation>
        </message>
        <message>
            <source>Người nộp (Alt+C / Alt+T)</source>
            <translation>Applicant (Alt+C / Alt+T)</translation>
        </message>
        <message>
            <source>Tên tổ chức</source>
            <translation>Organisation name</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>12 chữ số</source>
            <translation>12 digits</translation>
        </message>
        <message>
            <source>Số định danh/CCCD</source>
            <translation>Citizen ID number</translation>
        </message>
        <message>
            <source>ngày/tháng/năm</source>
            <translation>day/month/year</translation>
        </message>
        <message>
            <source>Ngày sinh</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Nam</source>
            <translation>Male</translation>
        </message>
        <message>
            <source>Nữ</source>
            <translation>Female</translation>
        </message>
        <message>
            <source>Giới tính</source>
            <translation>Sex</translation>
        </message>
        <message>
            <source>Số điện thoại</source>
            <translation>Phone number</translation>
        </message>
        <message>
            <source>Thư điện tử</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <source>Địa chỉ</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Hình thức nộp</source>
            <translation>Channel</translation>
        </message>
        <message>
            <source>Số bộ hồ sơ</source>
            <translation>Number of sets</translation>
        </message>
        <message>
            <source>để trống nếu không đăng ký</source>
            <translation>leave empty if not requested</translation>
        </message>
        <message>
            <source>Báo kết quả qua thư điện tử</source>
            <translation>Result notice by e-mail</translation>
        </message>
        <message>
            <source>số di động; để trống nếu không đăng ký</source>
            <translation>mobile number; leave empty if not requested</translation>
        </message>
        <message>
            <source>Báo kết quả qua tin nhắn SMS</source>
            <translation>Result notice by SMS</translation>
        </message>
        <message>
            <source>Thành phần hồ sơ (Dấu cách: đánh dấu đã nhận)</source>
            <translation>Required documents (Space: mark as received)</translation>
        </message>
        <message>
            <source>Thêm giấy tờ khác…</source>
            <translation>Add another document…</translation>
        </message>
        <message>
            <source>Đã thu phí, lệ phí</source>
            <translation>Fee collected</translation>
        </message>
        <message>
            <source>Phí, lệ phí</source>
            <translation>Fees</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>Lưu hồ sơ (Ctrl+S / F10)</source>
            <translation>Save dossier (Ctrl+S / F10)</translation>
        </message>
        <message>
            <source>Nhập hồ sơ mới (Ctrl+N)</source>
            <translation>New dossier (Ctrl+N)</translation>
        </message>
        <message>
            <source>In biên nhận (Ctrl+P)</source>
            <translation>Print receipt (Ctrl+P)</translation>
        </message>
        <message>
            <source>Chọn thủ tục để xem ngày hẹn trả.</source>
            <translation>Choose a procedure to see the appointment.</translation>
        </message>
        <message>
            <source>— Chọn cơ quan giải quyết —</source>
            <translation>— Choose the handling agency —</translation>
        </message>
        <message>
            <source>Người đại diện</source>
            <translation>Representative</translation>
        </message>
        <message>
            <source>không quy định</source>
            <translation>no limit</translation>
        </message>
        <message>
            <source>%1 ngày làm việc</source>
            <translation>%1 working days</translation>
        </message>
        <message>
            <source>Đồng hồ của máy đang đúng? Xác nhận để lưu hồ sơ (ghi vào nhật ký).</source>
            <translation>Is this PC's clock right? Confirm to save the dossier (recorded in the audit log).</translation>
        </message>
        <message>
            <source>Đồng hồ máy tính</source>
            <translation>PC clock</translation>
        </message>
        <message>
            <source>Đã lưu. Mã hồ sơ — hẹn trả %1:</source>
            <translation>Saved. Dossier code — due %1:</translation>
        </message>
        <message>
            <source>Thêm giấy tờ</source>
            <translation>Add document</translation>
        </message>
        <message>
            <source>Tên giấy tờ:</source>
            <translation>Document name:</translation>
        </message>
    </context>
    <context>
        <name>SatisfactionPanel</name>
        <message>
            <source>Mức độ hài lòng của người dân (hồ sơ trả kết quả trong kỳ)</source>
            <translation>Citizens' satisfaction (dossiers returned in the period)</translation>
        </message>
        <message>
            <source>Nhóm</source>
            <translation>Group</translation>
        </message>
        <message>
            <source>Số đánh giá</source>
            <translation>Ratings</translation>
        </message>
        <message>
            <source>Hài lòng (%)</source>
            <translation>Satisfied (%)</translation>
        </message>
        <message>
            <source>%1 lượt đánh giá · hài lòng %2 · %3 hồ sơ không đánh giá</source>
            <translation>%1 ratings · satisfied %2 · %3 dossiers not rated</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>Cơ quan</source>
            <translation>Agency</translation>
        </message>
        <message>
            <source>Cán bộ trả kết quả</source>
            <translation>Returning officer</translation>
        </message>
    </context>
    <context>
        <name>SettingsView</name>
        <message>
            <source>Cơ quan và quầy</source>
            <extracomment>Longest prefix or suffix a scanner is set up to add (they are a few characters). Agency text fields in form order (services.setup.AGENCY_FIELDS).</extracomment>
            <translation>Agency and counter</translation>
        </message>
        <message>
            <source>Đơn vị, cơ quan giải quyết</source>
            <translation>Units and handling agencies</translation>
        </message>
        <message>
            <source>Lịch nghỉ, làm bù</source>
            <translation>Days off and make-up days</translation>
        </message>
        <message>
            <source>Danh mục thủ tục</source>
            <translation>Procedure catalogue</translation>
        </message>
        <message>
            <source>Máy in, mẫu biên nhận</source>
            <translation>Printer and receipt</translation>
        </message>
        <message>
            <source>Hệ thống</source>
            <translation>System</translation>
        </message>
    </context>
    <context>
        <name>SyncStatus</name>
        <message>
            <source>Đồng bộ: chưa cấu hình</source>
            <translation>Sync: not set up</translation>
        </message>
        <message>
            <source>Máy này chưa nối với máy chủ trung tâm.</source>
            <translation>This PC is not connected to a central server.</translation>
        </message>
        <message>
            <source>Đồng bộ: lỗi · %1 chờ gửi</source>
            <translation>Sync: error · %1 waiting</translation>
        </message>
        <message>
            <source>Đồng bộ: mất kết nối · %1 chờ gửi</source>
            <translation>Sync: offline · %1 waiting</translation>
        </message>
        <message>
            <source>Đồng bộ: ĐÃ DỪNG, dữ liệu khác máy chủ · %1 chờ gửi</source>
            <translation>Sync: STOPPED, data differs from the server · %1 waiting</translation>
        </message>
        <message>
            <source>Đồng bộ: trực tuyến · %1 chờ quản trị trung tâm</source>
            <translation>Sync: online · %1 waiting for a central administrator</translation>
        </message>
        <message>
            <source>Đồng bộ: %1 thay đổi chờ gửi</source>
            <translation>Sync: %1 changes waiting</translation>
        </message>
        <message>
            <source>Lần đồng bộ gần nhất: %1</source>
            <translation>Last sync: %1</translation>
        </message>
        <message>
            <source>Đồng bộ: trực tuyến · %1</source>
            <translation>Sync: online · %1</translation>
        </message>
        <message>
            <source>Đã gửi và nhận đủ thay đổi.</source>
            <translation>All changes sent and received.</translation>
        </message>
    </context>
    <context>
        <name>SystemPage</name>
        <message>
            <source> phút</source>
            <translation> min</translation>
        </message>
        <message>
            <source>Không tự khoá</source>
            <translation>Never lock</translation>
        </message>
        <message>
            <source>để trống: tệp SQLite trên máy này</source>
            <translation>leave empty: the SQLite file on this PC</translation>
        </message>
        <message>
            <source>không có</source>
            <translation>none</translation>
        </message>
        <message>
            <source>Ngôn ngữ</source>
            <translation>Language</translation>
        </message>
        <message>
            <source>Tự khoá màn hình sau</source>
            <translation>Lock the screen after</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu</source>
            <translation>Database</translation>
        </message>
        <message>
            <source>Máy chủ trung tâm (đồng bộ)</source>
            <translation>Central server (sync)</translation>
        </message>
        <message>
            <source>Máy quét mã: ký tự đầu mã</source>
            <translation>Scanner: prefix before the code</translation>
        </message>
        <message>
            <source>Máy quét mã: ký tự cuối mã</source>
            <translation>Scanner: suffix after the code</translation>
        </message>
        <message>
            <source>Máy quét mã vạch kiểu bàn phím USB, kết thúc mã bằng Enter (CR) hoặc Tab; ký tự đầu/cuối chỉ cần khi máy quét được cài thêm chúng.</source>
            <translation>USB barcode scanner in keyboard mode, ending the code with Enter (CR) or Tab; a prefix or suffix is needed only when the scanner is set up to add one.</translation>
        </message>
        <message>
            <source>Ngôn ngữ và cơ sở dữ liệu có hiệu lực khi mở lại chương trình.</source>
            <translation>Language and database take effect when the program is restarted.</translation>
        </message>
        <message>
            <source>Lưu</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>Đã lưu.</source>
            <translation>Saved.</translation>
        </message>
    </context>
    <context>
        <name>Tile</name>
        <message>
            <source>Bấm để xem danh sách hồ sơ</source>
            <translation>Click to see the dossiers</translation>
        </message>
    </context>
    <context>
        <name>UrgentModel</name>
        <message>
            <source>Mã hồ sơ</source>
            <extracomment>Widest a list column grows to fit its contents (the full text is in the tooltip).</extracomment>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Người nộp</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>Phòng xử lý</source>
            <translation>Handling department</translation>
        </message>
        <message>
            <source>Cán bộ tiếp nhận</source>
            <translation>Reception officer</translation>
        </message>
        <message>
            <source>Hạn giải quyết</source>
            <translation>Due date</translation>
        </message>
        <message>
            <source>Số ngày quá hạn</source>
            <translation>Days overdue</translation>
        </message>
        <message>
            <source>Còn (ngày)</source>
            <translation>Days left</translation>
        </message>
    </context>
    <context>
        <name>UrgentPanel</name>
        <message>
            <source>Xem tất cả</source>
            <translation>See all</translation>
        </message>
        <message>
            <source>%1 hồ sơ</source>
            <translation>%1 dossiers</translation>
        </message>
        <message>
            <source> (hiện %1 hồ sơ gấp nhất)</source>
            <translation> (showing the %1 most urgent)</translation>
        </message>
    </context>
    <context>
        <name>UserDialog</name>
        <message>
            <source>Thêm người dùng</source>
            <translation>Add user</translation>
        </message>
        <message>
            <source>Đặt lại mật khẩu</source>
            <translation>Reset password</translation>
        </message>
        <message>
            <source>Đổi vai trò</source>
            <translation>Change role</translation>
        </message>
        <message>
            <source>Tên đăng nhập</source>
            <translation>Username</translation>
        </message>
        <message>
            <source>Họ tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Vai trò</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Mật khẩu</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Nhập lại mật khẩu</source>
            <translation>Repeat password</translation>
        </message>
        <message>
            <source>Lưu</source>
            <translation>Save</translation>
        </message>
    </context>
    <context>
        <name>UsersModel</name>
        <message>
            <source>Tên đăng nhập</source>
            <translation>Username</translation>
        </message>
        <message>
            <source>Họ tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Vai trò</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Đã vô hiệu hoá</source>
            <translation>Disabled</translation>
        </message>
        <message>
            <source>Tạm khoá đến %1</source>
            <translation>Locked until %1</translation>
        </message>
        <message>
            <source>Hoạt động</source>
            <translation>Active</translation>
        </message>
    </context>
    <context>
        <name>UsersView</name>
        <message>
            <source>Thêm người dùng…</source>
            <translation>Add user…</translation>
        </message>
        <message>
            <source>Đặt lại mật khẩu…</source>
            <translation>Reset password…</translation>
        </message>
        <message>
            <source>Đổi vai trò…</source>
            <translation>Change role…</translation>
        </message>
        <message>
            <source>Vô hiệu hoá / kích hoạt</source>
            <translation>Disable / enable</translation>
        </message>
    </context>
    <context>
        <name>Weekday</name>
        <message>
            <source>Thứ Hai</source>
            <translation>Monday</translation>
        </message>
        <message>
            <source>Thứ Ba</source>
            <translation>Tuesday</translation>
        </message>
        <message>
            <source>Thứ Tư</source>
            <translation>Wednesday</translation>
        </message>
        <message>
            <source>Thứ Năm</source>
            <translation>Thursday</translation>
        </message>
        <message>
            <source>Thứ Sáu</source>
            <translation>Friday</translation>
        </message>
        <message>
            <source>Thứ Bảy</source>
            <translation>Saturday</translation>
        </message>
        <message>
            <source>Chủ nhật</source>
            <translation>Sunday</translation>
        </message>
    </context>
    <context>
        <name>WeeklyChart</name>
        <message>
            <source>Tiếp nhận và giải quyết theo tuần</source>
            <extracomment>Field names longer than this are shortened on the axis (the tooltip has them whole).</extracomment>
            <translation>Received and resolved per week</translation>
        </message>
        <message>
            <source>Tiếp nhận</source>
            <translation>Reception</translation>
        </message>
        <message>
            <source>Đã giải quyết</source>
            <translation>Resolved</translation>
        </message>
    </context>
    <context>
        <name>_AdminPage</name>
        <message>
            <source>Tài khoản quản trị đầu tiên</source>
            <translation>First administrator account</translation>
        </message>
        <message>
            <source>Tên đăng nhập:</source>
            <translation>Username:</translation>
        </message>
        <message>
            <source>Họ và tên:</source>
            <translation>Full name:</translation>
        </message>
        <message>
            <source>Mật khẩu:</source>
            <translation>Password:</translation>
        </message>
        <message>
            <source>Nhập lại mật khẩu:</source>
            <translation>Repeat password:</translation>
        </message>
        <message>
            <source>Hai lần nhập mật khẩu không khớp.</source>
            <translation>The two passwords do not match.</translation>
        </message>
    </context>
    <context>
        <name>_AgencyPage</name>
        <message>
            <source>Cơ quan và quầy</source>
            <translation>Agency and counter</translation>
        </message>
        <message>
            <source>Mã định danh điện tử của cơ quan, ví dụ 000.00.15.H36.</source>
            <translation>The agency's electronic identity code, e.g. 000.00.15.H36.</translation>
        </message>
        <message>
            <source>Mã định danh cơ quan:</source>
            <translation>Agency identity code:</translation>
        </message>
        <message>
            <source>Tên cơ quan:</source>
            <translation>Agency name:</translation>
        </message>
        <message>
            <source>Cơ quan chủ quản:</source>
            <translation>Governing body:</translation>
        </message>
        <message>
            <source>Số quầy:</source>
            <translation>Counter number:</translation>
        </message>
    </context>
    <context>
        <name>_CentralPage</name>
        <message>
            <source>Cơ sở dữ liệu trung tâm (không bắt buộc)</source>
            <translation>Central database (optional)</translation>
        </message>
        <message>
            <source>Để trống nếu quầy làm việc độc lập; có thể khai báo sau.</source>
            <translation>Leave empty if the counter works on its own; it can be set later.</translation>
        </message>
        <message>
            <source>Địa chỉ (URL):</source>
            <translation>Address (URL):</translation>
        </message>
    </context>
    <context>
        <name>_ModePage</name>
        <message>
            <source>Chào mừng đến với OneStop Desk</source>
            <translation>Welcome to OneStop Desk</translation>
        </message>
        <message>
            <source>Thiết lập máy tính này làm một quầy của Bộ phận Một cửa.</source>
            <translation>Set this computer up as a counter of the one-stop desk.</translation>
        </message>
        <message>
            <source>Cài đặt thông thường (dữ liệu trong thư mục của người dùng Windows)</source>
            <translation>Standard install (data in the Windows user's folders)</translation>
        </message>
        <message>
            <source>Chế độ di động (dữ liệu nằm cạnh tệp chạy, cho máy không có hồ sơ người dùng)</source>
            <translation>Portable mode (data beside the program, for PCs without a user profile)</translation>
        </message>
        <message>
            <source>Thư mục dữ liệu: %1</source>
            <translation>Data folder: %1</translation>
        </message>
    </context>
    <context>
        <name>DomainMessages</name>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Số định danh cá nhân/CCCD</source>
            <translation>Citizen ID number</translation>
        </message>
        <message>
            <source>Ngày sinh</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Giới tính</source>
            <translation>Sex</translation>
        </message>
        <message>
            <source>Mã QR trên thẻ căn cước</source>
            <translation>ID card QR code</translation>
        </message>
        <message>
            <source>Số điện thoại</source>
            <translation>Phone number</translation>
        </message>
        <message>
            <source>Thư điện tử</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <source>Địa chỉ</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Tổ chức</source>
            <translation>Organisation</translation>
        </message>
        <message>
            <source>Mã số thuế</source>
            <translation>Tax code</translation>
        </message>
        <message>
            <source>Thời hạn lưu dữ liệu cá nhân (năm)</source>
            <translation>Personal data retention (years)</translation>
        </message>
        <message>
            <source>Người được trích xuất dữ liệu</source>
            <translation>Person whose data is exported</translation>
        </message>
        <message>
            <source>Ngưỡng cảnh báo số định danh được xem trong một giờ</source>
            <translation>Alert threshold of identity numbers viewed in one hour</translation>
        </message>
        <message>
            <source>Người nộp hồ sơ</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>Mã hồ sơ</source>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>Hình thức nộp</source>
            <translation>Channel</translation>
        </message>
        <message>
            <source>Số bộ hồ sơ</source>
            <translation>Number of sets</translation>
        </message>
        <message>
            <source>Thành phần hồ sơ</source>
            <translation>Required documents</translation>
        </message>
        <message>
            <source>Thời điểm tiếp nhận</source>
            <translation>Time of receipt</translation>
        </message>
        <message>
            <source>Ngày hẹn trả kết quả</source>
            <translation>Appointment for the result</translation>
        </message>
        <message>
            <source>Thời điểm</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Lý do</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Nơi chuyển đến</source>
            <translation>Transferred to</translation>
        </message>
        <message>
            <source>Giấy tờ cần bổ sung</source>
            <translation>Documents to supplement</translation>
        </message>
        <message>
            <source>Ngày hẹn mới</source>
            <translation>New appointment</translation>
        </message>
        <message>
            <source>Người nhận kết quả</source>
            <translation>Collected by</translation>
        </message>
        <message>
            <source>Số giấy tờ người nhận</source>
            <translation>Collector's ID number</translation>
        </message>
        <message>
            <source>Lý do vượt quyền</source>
            <translation>Override reason</translation>
        </message>
        <message>
            <source>Căn cứ dừng giải quyết</source>
            <translation>Legal ground for stopping</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>Loại thao tác</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>Ngày</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Căn cứ (số văn bản)</source>
            <translation>Legal basis (document number)</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Trường dữ liệu</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Giá trị</source>
            <translation>Value</translation>
        </message>
        <message>
            <source>Tên đăng nhập</source>
            <translation>Username</translation>
        </message>
        <message>
            <source>Mật khẩu</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Mật khẩu mới</source>
            <translation>New password</translation>
        </message>
        <message>
            <source>Họ tên người dùng</source>
            <translation>User's full name</translation>
        </message>
        <message>
            <source>Vai trò</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Nhập lại mật khẩu</source>
            <translation>Repeat the password</translation>
        </message>
        <message>
            <source>Người dùng</source>
            <translation>User</translation>
        </message>
        <message>
            <source>Số ngày làm việc</source>
            <translation>Working days</translation>
        </message>
        <message>
            <source>Mã định danh cơ quan</source>
            <translation>Agency identity code</translation>
        </message>
        <message>
            <source>Tên cơ quan</source>
            <translation>Agency name</translation>
        </message>
        <message>
            <source>Số quầy</source>
            <translation>Counter number</translation>
        </message>
        <message>
            <source>Phí, lệ phí</source>
            <translation>Fees</translation>
        </message>
        <message>
            <source>Thời hạn giải quyết</source>
            <translation>Time limit</translation>
        </message>
        <message>
            <source>Giờ chốt nhận</source>
            <translation>Cut-off time</translation>
        </message>
        <message>
            <source>Tỉnh, thành phố</source>
            <translation>Province</translation>
        </message>
        <message>
            <source>Số thứ tự</source>
            <translation>Serial number</translation>
        </message>
        <message>
            <source>Số hồ sơ mẫu</source>
            <translation>Number of demo dossiers</translation>
        </message>
        <message>
            <source>Từ ngày</source>
            <translation>From</translation>
        </message>
        <message>
            <source>Đến ngày</source>
            <translation>To</translation>
        </message>
        <message>
            <source>Từ khóa tìm kiếm</source>
            <translation>Search terms</translation>
        </message>
        <message>
            <source>Tệp</source>
            <translation>File</translation>
        </message>
        <message>
            <source>Tệp xuất ra</source>
            <translation>Output file</translation>
        </message>
        <message>
            <source>Địa chỉ URL</source>
            <translation>URL</translation>
        </message>
        <message>
            <source>Địa chỉ URL quản trị trung tâm</source>
            <translation>Central administrator URL</translation>
        </message>
        <message>
            <source>Số dòng tối đa</source>
            <translation>Maximum rows</translation>
        </message>
        <message>
            <source>Máy in</source>
            <translation>Printer</translation>
        </message>
        <message>
            <source>Lý do in lại</source>
            <translation>Reprint reason</translation>
        </message>
        <message>
            <source>Khổ giấy in</source>
            <translation>Paper layout</translation>
        </message>
        <message>
            <source>Định dạng tệp</source>
            <translation>File format</translation>
        </message>
        <message>
            <source>Cơ quan chủ quản</source>
            <translation>Parent agency</translation>
        </message>
        <message>
            <source>Tên bộ phận tiếp nhận và trả kết quả</source>
            <translation>Name of the reception and result desk</translation>
        </message>
        <message>
            <source>Địa danh</source>
            <translation>Place name</translation>
        </message>
        <message>
            <source>Giờ bắt đầu làm việc</source>
            <translation>Office opening time</translation>
        </message>
        <message>
            <source>Giờ kết thúc làm việc</source>
            <translation>Office closing time</translation>
        </message>
        <message>
            <source>Số ngày làm việc cảnh báo sắp đến hạn</source>
            <translation>Working days of due-soon warning</translation>
        </message>
        <message>
            <source>Số giờ chờ Cổng Dịch vụ công quốc gia xác nhận</source>
            <translation>Hours to wait for the national portal's acknowledgement</translation>
        </message>
        <message>
            <source>Địa chỉ bộ chuyển tiếp (LGSP)</source>
            <translation>Adapter address (LGSP)</translation>
        </message>
        <message>
            <source>Đường dẫn đăng nhập</source>
            <translation>Log-in path</translation>
        </message>
        <message>
            <source>Đường dẫn tích hợp</source>
            <translation>Integration path</translation>
        </message>
        <message>
            <source>Đường dẫn chia sẻ</source>
            <translation>Share path</translation>
        </message>
        <message>
            <source>Mã đơn vị</source>
            <translation>Unit identity code</translation>
        </message>
        <message>
            <source>Mã dstcode</source>
            <translation>dstcode</translation>
        </message>
        <message>
            <source>Danh mục thủ tục</source>
            <translation>Procedure catalogue</translation>
        </message>
        <message>
            <source>Máy chủ trung tâm</source>
            <translation>Central server</translation>
        </message>
        <message>
            <source>Lỗi giả lập</source>
            <translation>Injected faults</translation>
        </message>
        <message>
            <source>Đơn vị tiếp nhận</source>
            <translation>Receiving unit</translation>
        </message>
        <message>
            <source>Cách tính thời hạn sau khi bổ sung hồ sơ</source>
            <translation>Time limit after a supplement</translation>
        </message>
        <message>
            <source>Cách tính thời hạn khi nhận hồ sơ sau giờ làm việc</source>
            <translation>How the time limit counts for dossiers received after office hours</translation>
        </message>
        <message>
            <source>Số lần hẹn lại tối đa</source>
            <translation>Maximum number of reschedules</translation>
        </message>
        <message>
            <source>Số phút cho phép lệch đồng hồ</source>
            <translation>Allowed clock skew (minutes)</translation>
        </message>
        <message>
            <source>Số lần đăng nhập sai trước khi khóa tài khoản</source>
            <translation>Failed sign-ins before the account is locked</translation>
        </message>
        <message>
            <source>Thời gian khóa tài khoản (phút)</source>
            <translation>Account lock-out time (minutes)</translation>
        </message>
        <message>
            <source>Số phút đồng hồ máy được phép chậm hơn thời điểm đã ghi nhận</source>
            <translation>Minutes the PC clock may be behind the recorded time</translation>
        </message>
        <message>
            <source>Đồng hồ máy tính</source>
            <translation>PC clock</translation>
        </message>
        <message>
            <source>Tệp cấu hình</source>
            <translation>Settings file</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu</source>
            <translation>Database</translation>
        </message>
        <message>
            <source>Đồng bộ</source>
            <translation>Synchronisation</translation>
        </message>
        <message>
            <source>Cơ quan giải quyết</source>
            <translation>Handling agency</translation>
        </message>
        <message>
            <source>Mã định danh đơn vị tiếp nhận</source>
            <translation>Receiving unit identity code</translation>
        </message>
        <message>
            <source>Tên đơn vị tiếp nhận</source>
            <translation>Receiving unit name</translation>
        </message>
        <message>
            <source>Cơ quan chủ quản của đơn vị tiếp nhận</source>
            <translation>Parent body of the receiving unit</translation>
        </message>
        <message>
            <source>Địa danh của đơn vị tiếp nhận</source>
            <translation>Place name of the receiving unit</translation>
        </message>
        <message>
            <source>Địa chỉ đơn vị tiếp nhận</source>
            <translation>Receiving unit address</translation>
        </message>
        <message>
            <source>Nơi trả kết quả</source>
            <translation>Return point</translation>
        </message>
        <message>
            <source>Cơ quan kế thừa</source>
            <translation>Successor agency</translation>
        </message>
        <message>
            <source>Hiệu lực từ ngày</source>
            <translation>Valid from</translation>
        </message>
        <message>
            <source>Hiệu lực đến ngày</source>
            <translation>Valid to</translation>
        </message>
        <message>
            <source>Số mã hồ sơ mỗi quầy trong ngày (code_block)</source>
            <translation>Dossier codes per counter per day (code_block)</translation>
        </message>
        <message>
            <source>Mã định danh dùng làm tiền tố mã hồ sơ (code_prefix)</source>
            <translation>Identity code used as the dossier code prefix (code_prefix)</translation>
        </message>
        <message>
            <source>Thư điện tử nhận thông báo</source>
            <translation>E-mail for notices</translation>
        </message>
        <message>
            <source>Số điện thoại nhận tin nhắn thông báo</source>
            <translation>Phone number for SMS notices</translation>
        </message>
        <message>
            <source>Máy chủ thư (SMTP)</source>
            <translation>Mail server (SMTP)</translation>
        </message>
        <message>
            <source>Cổng máy chủ thư</source>
            <translation>Mail server port</translation>
        </message>
        <message>
            <source>Tài khoản máy chủ thư</source>
            <translation>Mail server account</translation>
        </message>
        <message>
            <source>Kiểu mã hóa kết nối máy chủ thư</source>
            <translation>Mail server connection security</translation>
        </message>
        <message>
            <source>Địa chỉ gửi thư</source>
            <translation>Sender address</translation>
        </message>
        <message>
            <source>Thời gian chờ (giây)</source>
            <translation>Time-out (seconds)</translation>
        </message>
        <message>
            <source>Địa chỉ URL cổng tin nhắn</source>
            <translation>SMS gateway URL</translation>
        </message>
        <message>
            <source>Phương thức HTTP của cổng tin nhắn</source>
            <translation>SMS gateway HTTP method</translation>
        </message>
        <message>
            <source>Mẫu nội dung JSON của cổng tin nhắn</source>
            <translation>SMS gateway JSON body template</translation>
        </message>
        <message>
            <source>Tên trường xác thực của cổng tin nhắn</source>
            <translation>SMS gateway auth header name</translation>
        </message>
        <message>
            <source>Địa chỉ URL cổng Zalo</source>
            <translation>Zalo gateway URL</translation>
        </message>
        <message>
            <source>Phương thức HTTP của cổng Zalo</source>
            <translation>Zalo gateway HTTP method</translation>
        </message>
        <message>
            <source>Mẫu nội dung JSON của cổng Zalo</source>
            <translation>Zalo gateway JSON body template</translation>
        </message>
        <message>
            <source>Tên trường xác thực của cổng Zalo</source>
            <translation>Zalo gateway auth header name</translation>
        </message>
        <message>
            <source>Tiêu đề thông báo</source>
            <translation>Notice subject</translation>
        </message>
        <message>
            <source>Nội dung thông báo</source>
            <translation>Notice text</translation>
        </message>
        <message>
            <source>Mức độ hài lòng</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>Góp ý của người dân</source>
            <translation>Citizen's comment</translation>
        </message>
        <message>
            <source>{label} phải là số di động để nhận được tin nhắn.</source>
            <translation>{label} must be a mobile number to receive text messages.</translation>
        </message>
        <message>
            <source>{label} chỉ được dùng các ô code, procedure, place, time, agency (trong ngoặc nhọn); không dùng được: {value}.</source>
            <translation>{label} may only use the placeholders code, procedure, place, time, agency (in braces); not allowed: {value}.</translation>
        </message>
        <message>
            <source>{label} chỉ ghi nhận khi trả kết quả cho người dân.</source>
            <translation>{label} is recorded only when the result is returned to the citizen.</translation>
        </message>
        <message>
            <source>Chưa nhập quyết định nghỉ Tết Nguyên đán năm {year}; hạn giải quyết qua Tết có thể chưa chính xác.</source>
            <translation>No Lunar New Year decision has been entered for {year}; deadlines across Tết may be wrong.</translation>
        </message>
        <message>
            <source>Ngày {value} đã được ghi đúng như vậy trong lịch; không có gì thay đổi.</source>
            <translation>The calendar already holds {value} exactly like this; nothing changes.</translation>
        </message>
        <message>
            <source>Ngày {value} vốn đã là ngày {kind}; không cần ghi thêm ngày nghỉ, làm bù.</source>
            <translation>{value} is already a {kind} day; no override is needed.</translation>
        </message>
        <message>
            <source>Ngày {value} không có ngày nghỉ, làm bù riêng nào để xoá.</source>
            <translation>{value} has no override to remove.</translation>
        </message>
        <message>
            <source>Đã thêm {count} ngày nghỉ, làm bù theo các văn bản mới của Chính phủ: {days}.</source>
            <translation>Added {count} days off and make-up days from the Government's new decisions: {days}.</translation>
        </message>
        <message>
            <source>{label} không được để trống.</source>
            <translation>{label} must not be empty.</translation>
        </message>
        <message>
            <source>{label} quá dài (tối đa {max} ký tự).</source>
            <translation>{label} is too long (at most {max} characters).</translation>
        </message>
        <message>
            <source>{label} có quá nhiều mục (tối đa {max} mục).</source>
            <translation>{label} has too many items (at most {max} items).</translation>
        </message>
        <message>
            <source>{label} quá ngắn (tối thiểu {min} ký tự).</source>
            <translation>{label} is too short (at least {min} characters).</translation>
        </message>
        <message>
            <source>{label} chứa ký tự điều khiển hoặc ký tự ẩn không hợp lệ.</source>
            <translation>{label} contains control or invisible characters.</translation>
        </message>
        <message>
            <source>{label} chứa ký tự không được phép: {chars}.</source>
            <translation>{label} contains characters that are not allowed: {chars}.</translation>
        </message>
        <message>
            <source>{label} không hợp lệ: {detail}.</source>
            <translation>{label} is not valid: {detail}.</translation>
        </message>
        <message>
            <source>{label} có ký tự {chars} trông giống chữ thường nhưng là ký tự khác (chữ toàn độ rộng, chữ của hệ chữ khác hoặc ký tự trang trí); hãy gõ lại bằng bàn phím tiếng Việt: {suggestion}.</source>
            <translation>{label} has the characters {chars}, which look like ordinary letters but are different characters (fullwidth, another script or decorated forms); type them again with the Vietnamese keyboard: {suggestion}.</translation>
        </message>
        <message>
            <source>{label} trộn chữ Latinh với chữ {script} trông giống hệt ({chars}); hãy gõ lại các chữ này bằng bàn phím tiếng Việt: {suggestion}.</source>
            <translation>{label} mixes Latin letters with look-alike {script} letters ({chars}); type these letters again with the Vietnamese keyboard: {suggestion}.</translation>
        </message>
        <message>
            <source>{label} có chữ {script} ({chars}) mà biểu mẫu in ra không hiển thị được; hãy ghi bằng chữ Latinh (tên người nước ngoài: phần chữ Latinh trong hộ chiếu hoặc phiên âm), cách viết gốc ghi vào ô Ghi chú của hồ sơ.</source>
            <translation>{label} has {script} letters ({chars}) that the printed forms cannot show; write it in Latin letters (a foreign name: the Latin line of the passport, or a transliteration) and put the original spelling in the dossier's Notes.</translation>
        </message>
        <message>
            <source>{label} có ký tự {chars} mà phông chữ của biểu mẫu không in được; hãy bỏ đi hoặc thay bằng chữ cái, dấu câu thông thường.</source>
            <translation>{label} has the characters {chars}, which the forms' font cannot print; remove them or use ordinary letters and punctuation.</translation>
        </message>
        <message>
            <source>{label} phải gồm đúng 12 chữ số.</source>
            <translation>{label} must have exactly 12 digits.</translation>
        </message>
        <message>
            <source>Ba chữ số đầu của {label} ({value}) không phải là mã tỉnh, thành phố hoặc mã quốc gia nơi đăng ký khai sinh hợp lệ.</source>
            <translation>The first three digits of the {label} ({value}) are not a valid province or country code of birth registration.</translation>
        </message>
        <message>
            <source>Chữ số thứ tư của {label} (mã thế kỷ và giới tính) không phù hợp với năm sinh {year}.</source>
            <translation>The fourth digit of the {label} (century and sex) does not match the birth year {year}.</translation>
        </message>
        <message>
            <source>Chữ số thứ năm và thứ sáu của {label} phải là hai số cuối của năm sinh ({expected}).</source>
            <translation>The fifth and sixth digits of the {label} must be the last two digits of the birth year ({expected}).</translation>
        </message>
        <message>
            <source>{label} không đúng định dạng: cần số định danh 12 chữ số và bảy trường ngăn cách bởi dấu |.</source>
            <translation>{label} is not in the expected format: a 12-digit identification number and seven fields separated by |.</translation>
        </message>
        <message>
            <source>{label} bị thiếu (chỉ đọc được {count} trên 7 trường); hãy quét lại thẻ.</source>
            <translation>{label} is incomplete (only {count} of 7 fields were read); scan the card again.</translation>
        </message>
        <message>
            <source>{label} có ngày sinh hoặc ngày cấp không hợp lệ; hãy quét lại thẻ.</source>
            <translation>{label} has an invalid birth or issue date; scan the card again.</translation>
        </message>
        <message>
            <source>{label} không nhất quán: giới tính không khớp với chữ số thứ tư của số định danh.</source>
            <translation>{label} is inconsistent: the sex does not match the fourth digit of the identification number.</translation>
        </message>
        <message>
            <source>{label} trên thẻ bị máy quét làm hỏng dấu tiếng Việt; hãy gõ {label} theo thẻ.</source>
            <translation>The scanner damaged the Vietnamese letters of the {label} on the card; type the {label} as printed on the card.</translation>
        </message>
        <message>
            <source>Đã điền từ thẻ căn cước: {fields}.</source>
            <translation>Filled from the ID card: {fields}.</translation>
        </message>
        <message>
            <source>Máy quét làm hỏng chữ có dấu; hãy gõ theo thẻ: {fields}.</source>
            <translation>The scanner damaged the accented letters; type as printed on the card: {fields}.</translation>
        </message>
        <message>
            <source>Công dân đã nộp {count} hồ sơ; thông tin liên hệ của hồ sơ gần nhất ({value}) đã được điền sẵn, hãy hỏi lại công dân.</source>
            <translation>The citizen has filed {count} dossier(s); the contact details of the latest one ({value}) were filled in, confirm them with the citizen.</translation>
        </message>
        <message>
            <source>Giấy tiếp nhận thật: hồ sơ {value} do {unit} (quầy {counter}) cấp lúc {at}.</source>
            <translation>Genuine receipt: dossier {value} issued by {unit} (counter {counter}) at {at}.</translation>
        </message>
        <message>
            <source>Giấy tiếp nhận đã bị sửa: mã QR của hồ sơ {value} không khớp chữ ký.</source>
            <translation>Altered receipt: the QR code of dossier {value} does not match its signature.</translation>
        </message>
        <message>
            <source>Chưa xác minh được hồ sơ {value}: khoá ký của {unit} chưa có trên máy này (hãy đồng bộ rồi thử lại).</source>
            <translation>Dossier {value} cannot be verified yet: the signing key of {unit} is not on this computer (synchronise and try again).</translation>
        </message>
        <message>
            <source>Giấy tiếp nhận của hồ sơ {value} là thật nhưng ngày hẹn đã thay đổi; hãy xem phiếu hẹn lại mới nhất.</source>
            <translation>The receipt of dossier {value} is genuine but its appointment has changed; see the latest rescheduling slip.</translation>
        </message>
        <message>
            <source>Không phải mã QR của giấy tiếp nhận do hệ thống này cấp.</source>
            <translation>This is not the QR code of a receipt issued by this system.</translation>
        </message>
        <message>
            <source>Không tìm thấy mã QR nào trong ảnh {value}.</source>
            <translation>No QR code was found in the image {value}.</translation>
        </message>
        <message>
            <source>Đã thay khoá ký giấy tiếp nhận của quầy: khoá mới {value}.</source>
            <translation>The counter's receipt signing key was replaced: new key {value}.</translation>
        </message>
        <message>
            <source>{label} không hợp lệ: số di động gồm 10 chữ số bắt đầu bằng 03, 05, 07, 08 hoặc 09; số cố định gồm 10 hoặc 11 chữ số bắt đầu bằng 02.</source>
            <translation>{label} is not valid: a mobile number has 10 digits starting with 03, 05, 07, 08 or 09; a landline has 10 or 11 digits starting with 02.</translation>
        </message>
        <message>
            <source>{label} không đúng định dạng (ví dụ: ten@coquan.gov.vn).</source>
            <translation>{label} is not well formed (e.g. name@agency.gov.vn).</translation>
        </message>
        <message>
            <source>{label} không đúng định dạng; vui lòng nhập theo dạng năm-tháng-ngày (YYYY-MM-DD) hoặc ngày/tháng/năm (DD/MM/YYYY).</source>
            <translation>{label} is not well formed; please enter year-month-day (YYYY-MM-DD) or day/month/year (DD/MM/YYYY).</translation>
        </message>
        <message>
            <source>{label} không tồn tại trên lịch: {value}.</source>
            <translation>{label} does not exist on the calendar: {value}.</translation>
        </message>
        <message>
            <source>{label} không được trước ngày {min}.</source>
            <translation>{label} must not be before {min}.</translation>
        </message>
        <message>
            <source>{label} không được sau ngày {max}.</source>
            <translation>{label} must not be after {max}.</translation>
        </message>
        <message>
            <source>{label} không được trước {other}.</source>
            <translation>{label} must not be before {other}.</translation>
        </message>
        <message>
            <source>{label} không đúng định dạng ngày giờ ISO 8601 (ví dụ: 2025-07-15T08:30:00+07:00).</source>
            <translation>{label} is not an ISO 8601 date and time (e.g. 2025-07-15T08:30:00+07:00).</translation>
        </message>
        <message>
            <source>{label} không được muộn hơn thời điểm hiện tại quá {minutes} phút.</source>
            <translation>{label} must not be more than {minutes} minutes in the future.</translation>
        </message>
        <message>
            <source>{label} không được sớm hơn thời điểm tiếp nhận hồ sơ.</source>
            <translation>{label} must not be before the dossier was received.</translation>
        </message>
        <message>
            <source>{label} có mã “{value}” không có trong danh mục thủ tục hành chính.</source>
            <translation>{label} with code “{value}” is not in the procedure catalogue.</translation>
        </message>
        <message>
            <source>{label} “{value}” không tồn tại trong hệ thống.</source>
            <translation>{label} “{value}” does not exist.</translation>
        </message>
        <message>
            <source>{label} “{value}” không tồn tại.</source>
            <translation>{label} “{value}” does not exist.</translation>
        </message>
        <message>
            <source>{label} “{value}” đã tồn tại.</source>
            <translation>{label} “{value}” already exists.</translation>
        </message>
        <message>
            <source>{label} phải là một trong các giá trị: {choices}.</source>
            <translation>{label} must be one of: {choices}.</translation>
        </message>
        <message>
            <source>{label} phải là một số nguyên.</source>
            <translation>{label} must be a whole number.</translation>
        </message>
        <message>
            <source>{label} phải nằm trong khoảng từ {min} đến {max}.</source>
            <translation>{label} must be between {min} and {max}.</translation>
        </message>
        <message>
            <source>{label} “{kind}” không được phép khi hồ sơ đang ở trạng thái “{status}”.</source>
            <translation>{label} “{kind}” is not allowed while the dossier is “{status}”.</translation>
        </message>
        <message>
            <source>Hồ sơ đã được hẹn lại ngày trả kết quả một lần; muốn hẹn lại lần nữa, quản trị viên phải nhập Lý do vượt quyền.</source>
            <translation>The dossier has already been rescheduled once; to reschedule again an administrator must enter an override reason.</translation>
        </message>
        <message>
            <source>{label} phải sau ngày hẹn trả kết quả hiện tại ({due}).</source>
            <translation>{label} must be after the current appointment ({due}).</translation>
        </message>
        <message>
            <source>Quầy đã dùng hết {size} số thứ tự Mã hồ sơ của ngày {day}; quản trị viên có thể tăng thiết lập code_block (số mã mỗi quầy trong ngày) từ ngày hôm sau.</source>
            <translation>This counter has used all {size} dossier code numbers of {day}; an administrator can raise the code_block setting (codes per counter per day) from the next day.</translation>
        </message>
        <message>
            <source>{label} “{value}” không đúng cấu trúc mã định danh (ví dụ 000.00.15.H36).</source>
            <translation>{label} “{value}” is not a well-formed identity code (e.g. 000.00.15.H36).</translation>
        </message>
        <message>
            <source>{label} có mã “{value}” chưa được khai báo.</source>
            <translation>{label} with code “{value}” has not been registered.</translation>
        </message>
        <message>
            <source>{label} có mã “{value}” chưa được khai báo là đơn vị tiếp nhận.</source>
            <translation>{label} with code “{value}” has not been registered as a receiving unit.</translation>
        </message>
        <message>
            <source>{label} “{value}” là đơn vị tiếp nhận: quản trị trung tâm chỉ sửa cơ quan giải quyết; sửa đơn vị bằng tài khoản chủ cơ sở dữ liệu (central add-counter --unit-name).</source>
            <translation>{label} “{value}” is a receiving unit: a central administrator changes handling agencies only; change a unit with the database owner's login (central add-counter --unit-name).</translation>
        </message>
        <message>
            <source>Hồ sơ “{value}” do đơn vị khác tiếp nhận; tại nơi trả kết quả chỉ ghi được việc trả kết quả và ghi chú.</source>
            <translation>Dossier “{value}” was received by another unit; at the return point only the return and notes can be recorded.</translation>
        </message>
        <message>
            <source>{label} “{value}” không giải quyết thủ tục này; chọn một trong: {choices}.</source>
            <translation>{label} “{value}” does not handle this procedure; choose one of: {choices}.</translation>
        </message>
        <message>
            <source>Thủ tục này do nhiều cơ quan giải quyết; hãy chọn {label}: {choices}.</source>
            <translation>Several agencies handle this procedure; choose the {label}: {choices}.</translation>
        </message>
        <message>
            <source>{label} “{value}” không còn hoặc chưa có hiệu lực vào ngày tiếp nhận.</source>
            <translation>{label} “{value}” is not valid on the day of receipt.</translation>
        </message>
        <message>
            <source>{label} phải từ 1 đến {max} với thiết lập code_block = {block} của đơn vị.</source>
            <translation>{label} must be from 1 to {max} with the unit's code_block = {block}.</translation>
        </message>
        <message>
            <source>Đã có {count} quầy dùng chung tiền tố mã hồ sơ {value}; tối đa {max} quầy được dùng chung một tiền tố (thiết lập code_prefix).</source>
            <translation>{count} counters already share the dossier code prefix {value}; at most {max} counters may share one prefix (code_prefix setting).</translation>
        </message>
        <message>
            <source>Bạn không có quyền thực hiện thao tác: {action}.</source>
            <translation>You are not allowed to: {action}.</translation>
        </message>
        <message>
            <source>Tên đăng nhập hoặc mật khẩu không đúng.</source>
            <translation>Wrong username or password.</translation>
        </message>
        <message>
            <source>Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần; vui lòng thử lại sau {until}.</source>
            <translation>The account is locked after repeated failed logins; please try again after {until}.</translation>
        </message>
        <message>
            <source>Tài khoản đã bị vô hiệu hóa; vui lòng liên hệ quản trị viên.</source>
            <translation>The account is disabled; please contact the administrator.</translation>
        </message>
        <message>
            <source>Phiên chỉ xem báo cáo trên cơ sở dữ liệu trung tâm chỉ dành cho lãnh đạo và quản trị viên.</source>
            <translation>A reports-only session on the central database is for supervisors and administrators only.</translation>
        </message>
        <message>
            <source>{label} quá yếu: cần ít nhất {min} ký tự và có ít nhất hai loại ký tự (chữ thường, chữ hoa, chữ số, ký hiệu).</source>
            <translation>{label} is too weak: it needs at least {min} characters of at least two kinds (lower case, upper case, digits, symbols).</translation>
        </message>
        <message>
            <source>{label} không được chứa tên đăng nhập.</source>
            <translation>{label} must not contain the user name.</translation>
        </message>
        <message>
            <source>{label} quá phổ biến hoặc dễ đoán (mật khẩu hay bị lộ, một từ, tên, địa danh hay ngày tháng ghép với vài chữ số); hãy dùng một cụm nhiều từ mà người khác không đoán được, ví dụ “Hoa-Ban-Tay-Bac!7”.</source>
            <translation>{label} is too common or easy to guess (a leaked password, a word, a name, a place or a date with a few digits); use a phrase of several words others cannot guess, e.g. “Hoa-Ban-Tay-Bac!7”.</translation>
        </message>
        <message>
            <source>Hai lần nhập mật khẩu không khớp nhau.</source>
            <translation>The two passwords do not match.</translation>
        </message>
        <message>
            <source>Không in được ra máy in {value}: {detail}. Hãy kiểm tra máy in đã bật, còn giấy và đúng tên trong phần Cài đặt.</source>
            <translation>Could not print to {value}: {detail}. Check that the printer is on, has paper and is named correctly in Settings.</translation>
        </message>
        <message>
            <source>Giấy tiếp nhận của hồ sơ {value} đã được in {count} lần; muốn in lại phải nhập {label} (được ghi vào nhật ký).</source>
            <translation>The receipt of dossier {value} has been printed {count} time(s); to print it again enter the {label} (it is logged).</translation>
        </message>
        <message>
            <source>Hồ sơ {value} chưa có thao tác “{event}” nên chưa có dữ liệu để in {form}.</source>
            <translation>Dossier {value} has no “{event}” yet, so there is nothing to print on the {form}.</translation>
        </message>
        <message>
            <source>Hồ sơ {value} ở trạng thái “{status}” nên không in Giấy tiếp nhận hồ sơ và hẹn trả kết quả.</source>
            <translation>Dossier {value} is “{status}”, so no receipt and appointment slip is printed.</translation>
        </message>
        <message>
            <source>Không ghi được tệp {value}: {detail}.</source>
            <translation>Could not write the file {value}: {detail}.</translation>
        </message>
        <message>
            <source>{label} {value} là cơ sở dữ liệu đang dùng hoặc tệp đi kèm của nó; không ghi đè, hãy chọn tên tệp khác.</source>
            <translation>{label} {value} is the database in use or one of its companion files; it is not overwritten, choose another file name.</translation>
        </message>
        <message>
            <source>{label} {value} là một tệp cơ sở dữ liệu SQLite (dữ liệu hoặc bản sao lưu); không ghi đè, hãy chọn tên tệp khác.</source>
            <translation>{label} {value} is an SQLite database file (data or a backup); it is not overwritten, choose another file name.</translation>
        </message>
        <message>
            <source>{label} {value} nằm trong thư mục sao lưu {folder}; không ghi tệp khác vào thư mục này, hãy chọn thư mục khác.</source>
            <translation>{label} {value} is in the backup folder {folder}; no other file is written there, choose another folder.</translation>
        </message>
        <message>
            <source>{label} {value} không phải là một tệp thông thường (thư mục hoặc thiết bị); hãy chọn đường dẫn tới một tệp.</source>
            <translation>{label} {value} is not an ordinary file (a folder or a device); choose the path of a file.</translation>
        </message>
        <message>
            <source>{label} {value} đã có và chỉ được đọc (không có quyền ghi); không ghi đè, hãy chọn tên tệp khác.</source>
            <translation>{label} {value} exists and is read-only (no write permission); it is not overwritten, choose another file name.</translation>
        </message>
        <message>
            <source>Chỉ hiện {shown} trên {total} hồ sơ tìm thấy — hãy thu hẹp tìm kiếm (mã hồ sơ, số định danh, số điện thoại hoặc họ tên đầy đủ hơn) hoặc dùng --limit.</source>
            <translation>Showing only {shown} of {total} dossiers found — narrow the search (dossier code, ID number, phone or a fuller name) or use --limit.</translation>
        </message>
        <message>
            <source>{label} không đúng định dạng CSV (lỗi ở dòng {line}): có dấu ngoặc kép chưa đóng hoặc một ô dữ liệu quá dài.</source>
            <translation>{label} is not valid CSV (error at line {line}): an unclosed quotation mark or an over-long cell.</translation>
        </message>
        <message>
            <source>{label} phải sớm hơn giờ kết thúc làm việc.</source>
            <translation>{label} must be earlier than the office closing time.</translation>
        </message>
        <message>
            <source>Tệp {value} không phải cơ sở dữ liệu OneStop hoặc sai khoá/mật khẩu; hãy kiểm tra lại đường dẫn, đặt khoá khôi phục vào biến ONESTOP_RECOVERY_KEY, hoặc khôi phục từ bản sao lưu bằng “onestop restore”.</source>
            <translation>The file {value} is not a OneStop database, or the key/password is wrong; check the path, put the recovery key in ONESTOP_RECOVERY_KEY, or restore from a backup with “onestop restore”.</translation>
        </message>
        <message>
            <source>{label} {value} bị hỏng hoặc có giá trị sai kiểu ({detail}); hãy sửa hoặc xóa tệp này, hoặc chỉ định cơ sở dữ liệu bằng tùy chọn --db.</source>
            <translation>{label} {value} is damaged or holds a value of the wrong type ({detail}); fix or delete this file, or name the database with the --db option.</translation>
        </message>
        <message>
            <source>{label} đang chỉ {now}, sớm hơn {source} ({reference}) quá {minutes} phút: mã hồ sơ, sổ theo dõi và ngày hẹn sẽ mang ngày sai. Hãy chỉnh lại ngày giờ của máy; nếu đồng hồ đúng, quản trị viên xác nhận (trên màn hình Tiếp nhận, hoặc “onestop receive … --clock-confirmed”).</source>
            <translation>{label} shows {now}, more than {minutes} minutes before {source} ({reference}): the dossier code, the register and the appointment would carry a wrong date. Set the PC's date and time; if the clock is right, an administrator confirms it (on the receive screen, or “onestop receive … --clock-confirmed”).</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu chưa được khởi tạo hoặc chưa gắn với cơ quan, quầy nào; hãy chạy lệnh “onestop init” hoặc trình hướng dẫn cài đặt lần đầu.</source>
            <translation>The database is not initialised or not tied to an agency and counter; run “onestop init” or the first-run wizard.</translation>
        </message>
        <message>
            <source>Không kết nối được cơ sở dữ liệu {value}; vui lòng thử lại sau hoặc liên hệ quản trị viên.</source>
            <translation>Cannot reach the database {value}; please try again later or contact the administrator.</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu trung tâm chưa được nâng cấp lên phiên bản này; tài khoản chỉ đọc không nâng cấp được. Hãy báo quản trị viên chạy “onestop central init”.</source>
            <translation>The central database has not been upgraded to this version; a read-only login cannot upgrade it. Ask an administrator to run “onestop central init”.</translation>
        </message>
        <message>
            <source>Địa chỉ cơ sở dữ liệu không hợp lệ hoặc không được hỗ trợ; dùng sqlite:///đường-dẫn-tới-tệp hoặc postgresql://tên@máy-chủ/tên-cơ-sở-dữ-liệu.</source>
            <translation>The database address is malformed or not supported; use sqlite:///path-to-file or postgresql://name@server/database-name.</translation>
        </message>
        <message>
            <source>Không có cơ sở dữ liệu {value}; hãy kiểm tra lại đường dẫn (--db), hoặc chạy “onestop init” để tạo cơ sở dữ liệu mới.</source>
            <translation>There is no database {value}; check the path (--db), or run “onestop init” to create a new database.</translation>
        </message>
        <message>
            <source>Máy chủ không có cơ sở dữ liệu {value}; hãy kiểm tra tên cơ sở dữ liệu trong địa chỉ.</source>
            <translation>The server has no database {value}; check the database name in the address.</translation>
        </message>
        <message>
            <source>Máy chủ cơ sở dữ liệu {value} từ chối đăng nhập: sai tên đăng nhập hoặc mật khẩu.</source>
            <translation>The database server {value} refused the login: wrong user name or password.</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu {value} đang bị một chương trình khác giữ quyền ghi quá {seconds} giây; vui lòng thử lại sau.</source>
            <translation>Another program has held the write lock of the database {value} for more than {seconds} seconds; please try again later.</translation>
        </message>
        <message>
            <source>Ổ đĩa chứa tệp {value} đã hết chỗ trống nên không ghi được; dữ liệu vẫn nguyên như trước. Hãy giải phóng dung lượng ổ đĩa rồi làm lại.</source>
            <translation>The disk holding {value} is full, so nothing was written; the data is as it was. Free some disk space and try again.</translation>
        </message>
        <message>
            <source>Tệp {value} nằm trên ổ đĩa chỉ đọc hoặc không được phép ghi; dữ liệu vẫn nguyên như trước. Hãy kiểm tra ổ đĩa và quyền ghi rồi làm lại.</source>
            <translation>The file {value} is on read-only storage or may not be written; the data is as it was. Check the disk and the write permission, then try again.</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu {value} bị hỏng (không qua được kiểm tra toàn vẹn: {detail}); không ghi thêm vào tệp này. Hãy khôi phục từ bản sao lưu bằng “onestop restore”.</source>
            <translation>The database {value} is damaged (it fails the integrity check: {detail}); nothing more is written into it. Restore it from a backup with “onestop restore”.</translation>
        </message>
        <message>
            <source>Không kết nối được máy chủ trung tâm (mất mạng hoặc máy chủ đang tắt). Dữ liệu vẫn được lưu trên máy này và sẽ tự động đồng bộ khi có kết nối.</source>
            <translation>Cannot reach the central server (network down or server off). Data is kept on this PC and syncs automatically once connected.</translation>
        </message>
        <message>
            <source>Máy chủ trung tâm từ chối đăng nhập của quầy này (sai tên hoặc mật khẩu kết nối); quản trị viên cần cấp lại thông tin kết nối và chạy lại “onestop join”.</source>
            <translation>The central server refused this counter’s login (wrong connection name or password); the administrator must issue new connection details and run “onestop join” again.</translation>
        </message>
        <message>
            <source>Máy chủ trung tâm từ chối ghi dữ liệu ({detail}); mỗi quầy chỉ được ghi hồ sơ của cơ quan mình.</source>
            <translation>The central server refused the write ({detail}); a counter may only write its own agency’s dossiers.</translation>
        </message>
        <message>
            <source>Máy chủ trung tâm đã có dữ liệu cùng số hiệu do một máy khác gửi lên ({detail}); có thể hai máy đang dùng chung một số quầy. Vui lòng liên hệ quản trị viên.</source>
            <translation>The central server already holds data with the same number from another PC ({detail}); two PCs may share one counter number. Please contact the administrator.</translation>
        </message>
        <message>
            <source>Quầy này đã được gắn với một máy khác; nếu máy này thay thế máy cũ, hãy chạy “onestop join” với tùy chọn --replace.</source>
            <translation>This counter is tied to another PC; if this PC replaces it, run “onestop join” with --replace.</translation>
        </message>
        <message>
            <source>Đồng bộ với máy chủ trung tâm không thành công: {detail}.</source>
            <translation>Sync with the central server failed: {detail}.</translation>
        </message>
        <message>
            <source>Máy này chưa được kết nối với máy chủ trung tâm; quản trị viên cần chạy “onestop join” trước.</source>
            <translation>This PC is not connected to the central server; the administrator must run “onestop join” first.</translation>
        </message>
        <message>
            <source>Tài khoản kết nối thuộc {central}, nhưng máy này được cài đặt là {local}; vui lòng kiểm tra lại thông tin kết nối.</source>
            <translation>The connection account belongs to {central}, but this PC is set up as {local}; please check the connection details.</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu này chưa được khởi tạo làm máy chủ trung tâm; hãy chạy “onestop central init” trước.</source>
            <translation>This database is not initialised as the central server; run “onestop central init” first.</translation>
        </message>
        <message>
            <source>{label} của máy chủ trung tâm phải là PostgreSQL (postgresql://…).</source>
            <translation>The central server’s {label} must be PostgreSQL (postgresql://…).</translation>
        </message>
        <message>
            <source>Không có kho mật khẩu của hệ điều hành; mật khẩu kết nối được lưu trong tệp {value}, chỉ tài khoản người dùng hiện tại đọc được.</source>
            <translation>No system password store is available; the connection password is kept in {value}, readable by the current user only.</translation>
        </message>
        <message>
            <source>Thay đổi dùng chung (tài khoản, danh mục thủ tục, lịch nghỉ) chờ quản trị viên trung tâm gửi lên; các quầy khác nhận được sau khi quản trị viên gửi bằng tài khoản quản trị trung tâm.</source>
            <translation>Shared changes (accounts, procedure catalogue, holiday calendar) are waiting for a central administrator; the other counters receive them once an administrator sends them with a central administrator account.</translation>
        </message>
        <message>
            <source>Tài khoản {value} không phải tài khoản quản trị trung tâm nên không được ghi tài khoản, danh mục thủ tục và lịch nghỉ dùng chung; dùng tài khoản do “onestop central add-admin” cấp.</source>
            <translation>The account {value} is not a central administrator account, so it may not write the shared accounts, procedure catalogue and holiday calendar; use an account made by “onestop central add-admin”.</translation>
        </message>
        <message>
            <source>Vai trò {value} đã có trên máy chủ PostgreSQL và {detail}; OneStop Desk không cấp vai trò này cho ai và không đặt lại mật khẩu của nó. Hãy dùng tên khác (xem mục vai trò trong docs/sync.md).</source>
            <translation>The role {value} already exists on the PostgreSQL server and {detail}; OneStop Desk neither grants it to anyone nor resets its password. Use another name (see the roles section of docs/sync.md).</translation>
        </message>
        <message>
            <source>là chủ sở hữu cơ sở dữ liệu hoặc các bảng (hoặc tài khoản đang chạy lệnh), hay có quyền của chủ sở hữu.</source>
            <translation>is the owner of the database or its tables (or the account running the command), or has the owner's rights.</translation>
        </message>
        <message>
            <source>có quyền quản trị máy chủ (SUPERUSER, CREATEROLE, CREATEDB, REPLICATION hoặc BYPASSRLS).</source>
            <translation>has server administration rights (SUPERUSER, CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS).</translation>
        </message>
        <message>
            <source>sở hữu bảng hoặc đối tượng khác trong cơ sở dữ liệu.</source>
            <translation>owns tables or other objects of the database.</translation>
        </message>
        <message>
            <source>là tài khoản đăng nhập, không phải nhóm quyền.</source>
            <translation>is a login, not a group role.</translation>
        </message>
        <message>
            <source>là nhóm quyền, không phải tài khoản đăng nhập.</source>
            <translation>is a group role, not a login.</translation>
        </message>
        <message>
            <source>đã gỡ {value} khỏi một vai trò không phải nhóm quyền của OneStop Desk (phiên bản cũ cấp nhầm, ví dụ khi chủ sở hữu tên là &lt;cơ sở dữ liệu&gt;_admin) và cấp nhóm quyền đúng.</source>
            <translation>removed {value} from a role that is not a OneStop Desk group (granted by mistake by an earlier version, e.g. when the owner is named &lt;database&gt;_admin) and granted the right group.</translation>
        </message>
        <message>
            <source>Máy chủ trung tâm từ chối đăng nhập quản trị của {value} (sai tên hoặc mật khẩu của tài khoản quản trị trong --url, ONESTOP_CENTRAL_PASSWORD hoặc mật khẩu đã nhập).</source>
            <translation>The central server refused the administrator log-in of {value} (wrong name or password of the administrator account in --url, ONESTOP_CENTRAL_PASSWORD or the password typed).</translation>
        </message>
        <message>
            <source>Máy chủ trung tâm từ chối thao tác quản trị của {value} ({detail}); tài khoản trong --url phải là chủ sở hữu cơ sở dữ liệu trung tâm và có quyền CREATEROLE.</source>
            <translation>The central server refused the administration by {value} ({detail}); the account in --url must own the central database and have CREATEROLE.</translation>
        </message>
        <message>
            <source>cảnh báo: mật khẩu nằm trong địa chỉ trên dòng lệnh, người khác trên máy có thể thấy (ps); hãy bỏ mật khẩu khỏi địa chỉ và nhập khi được hỏi, hoặc đặt biến môi trường ONESTOP_CENTRAL_PASSWORD.</source>
            <translation>warning: the password is in the address on the command line, where other users of this computer can see it (ps); leave it out of the address and type it when asked, or set the environment variable ONESTOP_CENTRAL_PASSWORD.</translation>
        </message>
        <message>
            <source>Chuỗi băm {chain} của quầy này ({value}) không khớp với bản trên máy chủ trung tâm từ số thứ tự {seq}: dữ liệu đã đồng bộ trên máy này có thể đã bị sửa. Đã ngừng gửi dữ liệu lên máy chủ; hãy báo quản trị viên, kiểm tra máy này và khôi phục bản sao lưu tốt gần nhất (“onestop restore”, rồi “onestop sync --full”).</source>
            <translation>The hash chain of {chain} of this counter ({value}) does not match the central server's copy from sequence number {seq}: the synced data on this computer may have been altered. Sending to the server has stopped; tell the administrator, check this computer and restore the last good backup (“onestop restore”, then “onestop sync --full”).</translation>
        </message>
        <message>
            <source>Hồ sơ {code}: thao tác “{kind}” lúc {at} của quầy {counter} mâu thuẫn với lịch sử đã đồng bộ nên được giữ trong lịch sử nhưng không được áp dụng.</source>
            <translation>Dossier {code}: the “{kind}” of {at} from counter {counter} conflicts with the synced history; it is kept in the history but not applied.</translation>
        </message>
        <message>
            <source>Tệp {value} không phải là tệp cơ sở dữ liệu SQLite hợp lệ.</source>
            <translation>{value} is not a valid SQLite database file.</translation>
        </message>
        <message>
            <source>Tệp {value} bị hỏng, không qua được kiểm tra toàn vẹn (integrity_check): {detail}.</source>
            <translation>{value} is damaged and fails the integrity check: {detail}.</translation>
        </message>
        <message>
            <source>Tệp {value} là cơ sở dữ liệu SQLite nhưng không phải dữ liệu của OneStop Desk.</source>
            <translation>{value} is an SQLite database but not OneStop Desk data.</translation>
        </message>
        <message>
            <source>{count} hồ sơ tiếp nhận sau thời điểm sao lưu không có trong bản sao lưu ({value}); chúng vẫn nằm trong bản lưu an toàn {file}. Các mã hồ sơ và số vào sổ đã cấp được giữ lại, không cấp trùng; nếu máy đã đồng bộ, chạy “onestop sync --full” để nhận lại các hồ sơ này từ máy chủ trung tâm.</source>
            <translation>{count} dossiers received after the backup was taken are not in it ({value}); they remain in the safety copy {file}. The dossier codes and register numbers already issued stay reserved and are never issued again; if this PC syncs, run “onestop sync --full” to get these dossiers back from the central server.</translation>
        </message>
        <message>
            <source>Chỉ sao lưu, khôi phục được cơ sở dữ liệu SQLite trên máy này; cơ sở dữ liệu PostgreSQL được sao lưu trên máy chủ (pg_dump).</source>
            <translation>Only SQLite databases on this PC can be backed up and restored here; PostgreSQL is backed up on the server (pg_dump).</translation>
        </message>
        <message>
            <source>Không sao lưu được cơ sở dữ liệu vào {value}: {detail}.</source>
            <translation>Could not back up the database to {value}: {detail}.</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu này đã kết nối với máy chủ trung tâm; không được thêm dữ liệu mẫu (hồ sơ giả sẽ được đồng bộ lên và sang các quầy khác). Hãy dùng một tệp riêng, ví dụ: onestop --db sqlite:///demo.sqlite3 demo --dossiers 5000.</source>
            <translation>This database is connected to a central server; demo data cannot be added (the fake dossiers would be synced to the server and to the other counters). Use a separate file, e.g. onestop --db sqlite:///demo.sqlite3 demo --dossiers 5000.</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu này đã có hồ sơ thật; không được thêm dữ liệu mẫu vào. Hãy dùng một tệp riêng, ví dụ: onestop --db sqlite:///demo.sqlite3 demo --dossiers 5000.</source>
            <translation>This database already holds real dossiers; demo data cannot be added to it. Use a separate file, e.g. onestop --db sqlite:///demo.sqlite3 demo --dossiers 5000.</translation>
        </message>
        <message>
            <source>Đây là cơ sở dữ liệu mẫu (tạo bằng “onestop demo”, hồ sơ giả, mật khẩu công khai); không được kết nối với máy chủ trung tâm. Hãy cài đặt một cơ sở dữ liệu mới bằng “onestop init” hoặc “onestop join”.</source>
            <translation>This is a demo database (made by “onestop demo”: fake dossiers, published passwords); it cannot be connected to a central server. Set up a new database with “onestop init” or “onestop join”.</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu đang được khôi phục từ bản sao lưu nên chưa ghi được; chưa có gì được lưu, vui lòng thử lại sau ít phút.</source>
            <translation>The database is being restored from a backup, so nothing could be written; nothing was saved, please try again in a few minutes.</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu {value} đang được chương trình khác ghi (giao diện, dòng lệnh hoặc đồng bộ) suốt {seconds} giây nên chưa khôi phục; chưa có gì thay đổi, vui lòng thử lại sau.</source>
            <translation>The database {value} was being written by another program (the desk, the command line or the sync) for {seconds} seconds, so it was not restored; nothing was changed, please try again later.</translation>
        </message>
        <message>
            <source>Nâng cấp cơ sở dữ liệu lên phiên bản {head} không thành công ({detail}); dữ liệu đã được khôi phục nguyên trạng từ bản sao lưu {backup}. Vui lòng tiếp tục dùng phiên bản phần mềm cũ và liên hệ quản trị viên.</source>
            <translation>Upgrading the database to version {head} failed ({detail}); the data was restored from the backup {backup}. Please keep using the previous version of the software and contact the administrator.</translation>
        </message>
        <message>
            <source>Nâng cấp cơ sở dữ liệu lên phiên bản {head} không thành công ({detail}); mọi thay đổi đã được hoàn tác. Vui lòng liên hệ quản trị viên.</source>
            <translation>Upgrading the database to version {head} failed ({detail}); all changes were rolled back. Please contact the administrator.</translation>
        </message>
        <message>
            <source>Nâng cấp cơ sở dữ liệu không thành công và không tự khôi phục được. KHÔNG tiếp tục sử dụng phần mềm; hãy liên hệ quản trị viên ngay. Bản sao lưu trước khi nâng cấp: {backup}.</source>
            <translation>The database upgrade failed and could not be undone automatically. Do NOT keep using the software; contact the administrator now. Backup taken before the upgrade: {backup}.</translation>
        </message>
        <message>
            <source>Không mở được tệp {value}: sai khoá mã hoá hoặc tệp không phải cơ sở dữ liệu; hãy đặt khoá khôi phục vào biến ONESTOP_RECOVERY_KEY rồi chạy lại.</source>
            <translation>Cannot open the file {value}: wrong encryption key, or not a database; put the recovery key in ONESTOP_RECOVERY_KEY and run again.</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu {value} CHƯA được mã hoá: dữ liệu cá nhân của công dân đọc được nếu tệp bị sao chép; hãy chạy “onestop encrypt”.</source>
            <translation>The database {value} is NOT encrypted: citizens' personal data can be read from a copy of the file; run “onestop encrypt”.</translation>
        </message>
        <message>
            <source>Khoá khôi phục (chỉ hiện một lần — hãy in và cất giữ nơi an toàn): {value}.</source>
            <translation>Recovery key (shown only once — print it and lock it away): {value}.</translation>
        </message>
        <message>
            <source>Không mã hoá được cơ sở dữ liệu {value} ({detail}); tệp gốc vẫn nguyên vẹn.</source>
            <translation>The database {value} could not be encrypted ({detail}); the original file is untouched.</translation>
        </message>
        <message>
            <source>Chỉ mã hoá được cơ sở dữ liệu SQLite trên máy này.</source>
            <translation>Only a SQLite database on this PC can be encrypted.</translation>
        </message>
        <message>
            <source>Cần --id-number, hoặc --name cùng với --birth-date.</source>
            <translation>Give --id-number, or --name together with --birth-date.</translation>
        </message>
        <message>
            <source>Không có hồ sơ nào của người này ({value}).</source>
            <translation>There is no dossier of this person ({value}).</translation>
        </message>
        <message>
            <source>{label} phải là số năm từ {low} đến {high}.</source>
            <translation>{label} must be a number of years from {low} to {high}.</translation>
        </message>
        <message>
            <source>Tài khoản {value} đã xem đầy đủ {count} số định danh trong một giờ (ngưỡng {limit}).</source>
            <translation>The account {value} viewed {count} full identity numbers within one hour (threshold {limit}).</translation>
        </message>
        <message>
            <source>{label} phải là tệp .pdf hoặc .json.</source>
            <translation>{label} must be a .pdf or .json file.</translation>
        </message>
        <message>
            <source>Chưa cấu hình liên kết Cổng Dịch vụ công quốc gia cho đơn vị này; chạy onestop portal configure.</source>
            <translation>No link to the national public service portal is configured for this unit; run onestop portal configure.</translation>
        </message>
        <message>
            <source>Chưa có mật khẩu của Cổng Dịch vụ công quốc gia: đặt biến ONESTOP_PORTAL_PASSWORD hoặc lưu vào kho mật khẩu của máy chủ bằng onestop portal configure.</source>
            <translation>No password for the national public service portal: set ONESTOP_PORTAL_PASSWORD or store it in the server's keyring with onestop portal configure.</translation>
        </message>
        <message>
            <source>Cổng Dịch vụ công quốc gia từ chối đăng nhập của {value}: {detail}.</source>
            <translation>The national public service portal refused the log-in of {value}: {detail}.</translation>
        </message>
        <message>
            <source>Không kết nối được tới Cổng Dịch vụ công quốc gia ({value}): {detail}.</source>
            <translation>Cannot reach the national public service portal ({value}): {detail}.</translation>
        </message>
        <message>
            <source>Một liên kết Cổng Dịch vụ công quốc gia khác đang chạy cho đơn vị này; chờ nó xong rồi chạy lại.</source>
            <translation>Another national portal link is running for this unit; wait for it to finish, then run again.</translation>
        </message>
        <message>
            <source>Cặp {value} không đúng dạng CỦA_TA=CỦA_CỔNG.</source>
            <translation>The pair {value} is not of the form OURS=THEIRS.</translation>
        </message>
        <message>
            <source>Chuỗi lỗi giả lập không đúng: {detail}.</source>
            <translation>Invalid fault specification: {detail}.</translation>
        </message>
        <message>
            <source>{label} chứa ký tự không được phép.</source>
            <translation>{label} contains characters that are not allowed.</translation>
        </message>
        <message>
            <source>{label} không hợp lệ.</source>
            <translation>{label} is not valid.</translation>
        </message>
        <message>
            <source>{label} có ký tự trông giống chữ thường nhưng là ký tự khác; hãy gõ lại bằng bàn phím tiếng Việt.</source>
            <translation>{label} has characters that look like ordinary letters but are different characters; type them again with the Vietnamese keyboard.</translation>
        </message>
        <message>
            <source>{label} trộn chữ Latinh với chữ của hệ chữ khác trông giống hệt; hãy gõ lại bằng bàn phím tiếng Việt.</source>
            <translation>{label} mixes Latin letters with look-alike letters of another script; type them again with the Vietnamese keyboard.</translation>
        </message>
        <message>
            <source>{label} có chữ mà biểu mẫu in ra không hiển thị được; hãy ghi bằng chữ Latinh, cách viết gốc ghi vào ô Ghi chú của hồ sơ.</source>
            <translation>{label} has letters the printed forms cannot show; write it in Latin letters and put the original spelling in the dossier's Notes.</translation>
        </message>
        <message>
            <source>{label} có ký tự mà phông chữ của biểu mẫu không in được.</source>
            <translation>{label} has characters the forms' font cannot print.</translation>
        </message>
        <message>
            <source>{label} chậm hơn thời điểm đã ghi nhận; hãy chỉnh lại ngày giờ của máy hoặc để quản trị viên xác nhận.</source>
            <translation>{label} is behind the recorded time; set the PC's date and time or have an administrator confirm it.</translation>
        </message>
        <message>
            <source>Ba chữ số đầu của {label} không phải là mã tỉnh, thành phố hoặc mã quốc gia nơi đăng ký khai sinh hợp lệ.</source>
            <translation>The first three digits of the {label} are not a valid province or country code of birth registration.</translation>
        </message>
        <message>
            <source>Chữ số thứ tư của {label} (mã thế kỷ và giới tính) không phù hợp với năm sinh.</source>
            <translation>The fourth digit of the {label} (century and sex) does not match the birth year.</translation>
        </message>
        <message>
            <source>Chữ số thứ năm và thứ sáu của {label} phải là hai số cuối của năm sinh.</source>
            <translation>The fifth and sixth digits of the {label} must be the last two digits of the birth year.</translation>
        </message>
        <message>
            <source>{label} bị thiếu trường; hãy quét lại thẻ.</source>
            <translation>{label} is missing fields; scan the card again.</translation>
        </message>
        <message>
            <source>{label} không tồn tại trên lịch.</source>
            <translation>{label} does not exist on the calendar.</translation>
        </message>
        <message>
            <source>{label} không được ở thời điểm trong tương lai.</source>
            <translation>{label} must not be in the future.</translation>
        </message>
        <message>
            <source>{label} không được muộn hơn thời điểm hiện tại.</source>
            <translation>{label} must not be later than now.</translation>
        </message>
        <message>
            <source>{label} không có trong danh mục thủ tục hành chính.</source>
            <translation>{label} is not in the procedure catalogue.</translation>
        </message>
        <message>
            <source>{label} không tồn tại trong hệ thống.</source>
            <translation>{label} does not exist.</translation>
        </message>
        <message>
            <source>{label} không tồn tại.</source>
            <translation>{label} does not exist.</translation>
        </message>
        <message>
            <source>{label} đã tồn tại.</source>
            <translation>{label} already exists.</translation>
        </message>
        <message>
            <source>{label} không được phép ở trạng thái hiện tại của hồ sơ.</source>
            <translation>{label} is not allowed in the dossier’s current status.</translation>
        </message>
        <message>
            <source>{label} phải sau ngày hẹn trả kết quả hiện tại.</source>
            <translation>{label} must be after the current appointment.</translation>
        </message>
        <message>
            <source>Quầy đã dùng hết số thứ tự Mã hồ sơ của ngày; quản trị viên có thể tăng thiết lập code_block (số mã mỗi quầy trong ngày) từ ngày hôm sau.</source>
            <translation>This counter has used all dossier code numbers of the day; an administrator can raise the code_block setting (codes per counter per day) from the next day.</translation>
        </message>
        <message>
            <source>{label} không đúng cấu trúc mã định danh (ví dụ 000.00.15.H36).</source>
            <translation>{label} is not a well-formed identity code (e.g. 000.00.15.H36).</translation>
        </message>
        <message>
            <source>{label} chưa được khai báo.</source>
            <translation>{label} has not been registered.</translation>
        </message>
        <message>
            <source>{label} chưa được khai báo là đơn vị tiếp nhận.</source>
            <translation>{label} has not been registered as a receiving unit.</translation>
        </message>
        <message>
            <source>{label} là đơn vị tiếp nhận: quản trị trung tâm chỉ sửa cơ quan giải quyết.</source>
            <translation>{label} is a receiving unit: a central administrator changes handling agencies only.</translation>
        </message>
        <message>
            <source>Hồ sơ do đơn vị khác tiếp nhận; tại nơi trả kết quả chỉ ghi được việc trả kết quả và ghi chú.</source>
            <translation>The dossier was received by another unit; at the return point only the return and notes can be recorded.</translation>
        </message>
        <message>
            <source>{label} không giải quyết thủ tục này.</source>
            <translation>{label} does not handle this procedure.</translation>
        </message>
        <message>
            <source>Thủ tục này do nhiều cơ quan giải quyết; hãy chọn {label}.</source>
            <translation>Several agencies handle this procedure; choose the {label}.</translation>
        </message>
        <message>
            <source>{label} không còn hoặc chưa có hiệu lực vào ngày tiếp nhận.</source>
            <translation>{label} is not valid on the day of receipt.</translation>
        </message>
        <message>
            <source>{label} vượt quá số quầy mà thiết lập code_block cho phép.</source>
            <translation>{label} is beyond the counters the code_block setting allows.</translation>
        </message>
        <message>
            <source>Đã có quá nhiều quầy dùng chung tiền tố mã hồ sơ (thiết lập code_prefix).</source>
            <translation>Too many counters already share the dossier code prefix (code_prefix setting).</translation>
        </message>
        <message>
            <source>Bạn không có quyền thực hiện thao tác này.</source>
            <translation>You are not allowed to do this.</translation>
        </message>
        <message>
            <source>Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần; vui lòng thử lại sau.</source>
            <translation>The account is locked after repeated failed logins; please try again later.</translation>
        </message>
        <message>
            <source>Không kết nối được cơ sở dữ liệu; vui lòng thử lại sau hoặc liên hệ quản trị viên.</source>
            <translation>Cannot reach the database; please try again later or contact the administrator.</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu bị hỏng, không qua được kiểm tra toàn vẹn; không ghi thêm vào tệp này. Hãy khôi phục từ bản sao lưu bằng “onestop restore”.</source>
            <translation>The database is damaged and fails the integrity check; nothing more is written into it. Restore it from a backup with “onestop restore”.</translation>
        </message>
        <message>
            <source>Đã tiếp nhận</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Đang giải quyết</source>
            <translation>In progress</translation>
        </message>
        <message>
            <source>Chờ bổ sung</source>
            <translation>Awaiting supplement</translation>
        </message>
        <message>
            <source>Đã có kết quả</source>
            <translation>Result ready</translation>
        </message>
        <message>
            <source>Đã trả kết quả</source>
            <translation>Returned</translation>
        </message>
        <message>
            <source>Từ chối</source>
            <translation>Refused</translation>
        </message>
        <message>
            <source>Rút hồ sơ</source>
            <translation>Withdrawn</translation>
        </message>
        <message>
            <source>Đã huỷ (nhập nhầm)</source>
            <translation>Void (entered by mistake)</translation>
        </message>
        <message>
            <source>Dừng giải quyết</source>
            <translation>Stopped</translation>
        </message>
        <message>
            <source>Trước hạn</source>
            <translation>Early</translation>
        </message>
        <message>
            <source>Đúng hạn</source>
            <translation>On time</translation>
        </message>
        <message>
            <source>Quá hạn</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>Trong hạn</source>
            <translation>On track</translation>
        </message>
        <message>
            <source>Sắp đến hạn</source>
            <translation>Due soon</translation>
        </message>
        <message>
            <source>Tạm dừng (chờ bổ sung)</source>
            <translation>Paused (awaiting supplement)</translation>
        </message>
        <message>
            <source>Không quy định thời hạn</source>
            <translation>No time limit</translation>
        </message>
        <message>
            <source>Tiếp nhận</source>
            <translation>Reception</translation>
        </message>
        <message>
            <source>Chuyển xử lý</source>
            <translation>Transfer</translation>
        </message>
        <message>
            <source>Yêu cầu bổ sung</source>
            <translation>Request supplement</translation>
        </message>
        <message>
            <source>Nhận bổ sung</source>
            <translation>Supplement received</translation>
        </message>
        <message>
            <source>Có kết quả</source>
            <translation>Result ready</translation>
        </message>
        <message>
            <source>Hẹn lại ngày trả</source>
            <translation>Reschedule</translation>
        </message>
        <message>
            <source>Trả kết quả</source>
            <translation>Return result</translation>
        </message>
        <message>
            <source>Huỷ (nhập nhầm)</source>
            <translation>Void (mistake)</translation>
        </message>
        <message>
            <source>Sửa thông tin</source>
            <translation>Correct data</translation>
        </message>
        <message>
            <source>Dời hẹn do thay đổi lịch nghỉ</source>
            <translation>Appointment moved by a calendar change</translation>
        </message>
        <message>
            <source>Trực tiếp</source>
            <translation>In person</translation>
        </message>
        <message>
            <source>Bưu chính công ích</source>
            <translation>Public postal service</translation>
        </message>
        <message>
            <source>Trực tuyến</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>Qua VNeID</source>
            <translation>Via VNeID</translation>
        </message>
        <message>
            <source>Cán bộ tiếp nhận</source>
            <translation>Reception officer</translation>
        </message>
        <message>
            <source>Lãnh đạo / giám sát</source>
            <translation>Supervisor</translation>
        </message>
        <message>
            <source>Quản trị</source>
            <translation>Administrator</translation>
        </message>
        <message>
            <source>Theo đề nghị bằng văn bản của tổ chức, cá nhân</source>
            <translation>At the written request of the applicant</translation>
        </message>
        <message>
            <source>Tổ chức, cá nhân không bổ sung, hoàn thiện hồ sơ trong thời hạn quy định</source>
            <translation>The applicant did not supplement the dossier within the time allowed</translation>
        </message>
        <message>
            <source>Trường hợp khác theo quy định của pháp luật</source>
            <translation>Other case provided by law</translation>
        </message>
        <message>
            <source>nghỉ</source>
            <translation>off</translation>
        </message>
        <message>
            <source>làm việc</source>
            <translation>working</translation>
        </message>
        <message>
            <source>Rất hài lòng</source>
            <translation>Very satisfied</translation>
        </message>
        <message>
            <source>Hài lòng</source>
            <translation>Satisfied</translation>
        </message>
        <message>
            <source>Không hài lòng</source>
            <translation>Dissatisfied</translation>
        </message>
        <message>
            <source>Đang chờ gửi</source>
            <translation>Waiting to be sent</translation>
        </message>
        <message>
            <source>Đã gửi</source>
            <translation>Sent</translation>
        </message>
        <message>
            <source>Tin nhắn SMS</source>
            <translation>SMS</translation>
        </message>
        <message>
            <source>Zalo</source>
            <translation>Zalo</translation>
        </message>
        <message>
            <source>Đổi ngày hẹn</source>
            <translation>Appointment moved</translation>
        </message>
    </context>
</TS>
