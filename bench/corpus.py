"""A deterministic corpus of Vietnamese town-portal news, as a complete MkDocs site for benchmarks.

    python bench/corpus.py N OUT_DIR [--seed SEED] [--documents M]

writes OUT_DIR/mkdocs.yml (the repository's mkdocs.yml with `docs_dir: content` and the theme's absolute
path) and OUT_DIR/content/: index.md, gioi-thieu.md and N articles under tin-tuc/<yyyy>/<slug>-<n>.md.
With --documents M, also M documents of the register under van-ban/<yyyy>/<type>-<number>.md, each with a
small PDF in van-ban/tep/, and sentences citing 1–3 of them in about 30% of the articles (the articles are
otherwise the same as without documents). The same N, M and seed always give the same files, byte for byte.
Standard library only, no network.

Every text is composed here from phrase templates about a fictional town, "thị xã Mây Ngàn, tỉnh Hoàng Sơn";
names of people and places are invented.
"""

from __future__ import annotations

import argparse
import bisect
import copy
import dataclasses
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THEME_DIR = ROOT / "theme"
BASE_CONFIG = ROOT / "mkdocs.yml"
MARKER = ".bantin-corpus.json"  # written last: its presence means the corpus is complete
DEFAULT_SEED = 20261120
END = dt.datetime(2026, 11, 20, 17, 30)  # the newest article
START = dt.datetime(2016, 11, 21, 0, 0)  # ten years before
ARTICLES_DIR = "tin-tuc"

# -- the town ----------------------------------------------------------------------------------------------

TOWN = "thị xã Mây Ngàn"
PROVINCE = "tỉnh Hoàng Sơn"
WARDS = ["Suối Mây", "Đồi Chè", "Cầu Mây", "Ngàn Thông"]
COMMUNES = ["Pà Hin", "Séo Mây", "Phìn Ngải", "Tả Phìn", "Nậm Cang", "Bản Mế", "Lũng Sương", "Thanh Vân"]
VILLAGES = [
    "thôn Tả Mây", "bản Nà Lừu", "thôn Khe Lim", "bản Cốc Lầy", "thôn Đông Sơn", "bản Hua Pàng",
    "thôn Làng Chảo", "bản Sín Chải", "thôn Khuổi Phầy", "bản Lùng Thàng", "tổ dân phố số 5",
    "tổ dân phố Đồi Thông",
]

AUTHORS = [
    "Hoàng Thị Lan", "Nguyễn Minh Tuấn", "Trần Quốc Bảo", "Thảo Nguyên", "Giàng A Páo", "Lò Văn Hùng",
    "Phạm Thu Hà", "Vũ Đức Thắng", "Đặng Thị Mai", "Bùi Văn Long", "Lê Hồng Nhung", "Đỗ Quang Vinh",
    "Ngô Thanh Hương", "Sùng A Dình", "Vàng Thị Mỷ", "Lương Văn Toản", "Hà Thị Thu", "Nông Văn Dũng",
    "Triệu Thị Liên", "Mai Anh", "Trung Kiên", "Phan Ngọc Ánh", "Đinh Công Sơn", "Tạ Thị Hằng",
    "Cao Minh Đức",
]

RESIDENTS = [
    "ông Thào A Chứ", "bà Lò Thị Xuân", "anh Vàng A Sử", "chị Hoàng Thị Nga", "ông Nguyễn Văn Thịnh",
    "bà Đặng Thị Mùi", "anh Lý Văn Tiến", "chị Sầm Thị Hoa", "ông Triệu Văn Phin", "bà Giàng Thị Dợ",
    "anh Phạm Đức Hiếu", "chị Ma Thị Hằng", "ông Sần Văn Lử", "em Vàng Thị Pà",
]

OFFICIALS = [
    "ông Lương Văn Hòa, Chủ tịch UBND {xa}", "bà Phạm Thị Yến, Phó Chủ tịch UBND thị xã",
    "ông Trần Đình Khải, Trưởng phòng Kinh tế thị xã", "bà Lê Thị Thanh Vân, Trưởng phòng Văn hóa - Thông tin thị xã",
    "ông Hầu A Lềnh, Bí thư Đảng ủy {xa}", "ông Vi Văn Thắng, Chủ tịch UBND {dv}",
    "bà Nguyễn Thị Quyên, Chủ tịch Hội Liên hiệp Phụ nữ thị xã", "ông Đoàn Mạnh Cường, Giám đốc Trung tâm Y tế thị xã",
]

LEADERS = [
    "đồng chí Bí thư Thị ủy", "đồng chí Chủ tịch UBND thị xã", "đồng chí Phó Chủ tịch UBND thị xã",
    "đồng chí Phó Bí thư Thường trực Thị ủy", "đồng chí Chủ tịch HĐND thị xã",
]

FIELDS_OF_WORK = [
    "phòng cháy, chữa cháy rừng", "cải cách hành chính", "chuyển đổi số", "xây dựng nông thôn mới",
    "giảm nghèo bền vững", "phát triển du lịch", "phòng, chống thiên tai", "bảo đảm an toàn giao thông",
]

# -- topics: category, tags, and the phrases an article about it is written from ---------------------------

TOPICS = [
    dict(
        name="dân vận", category="Chính trị - Xã hội",
        tags=["dân vận", "Mặt trận Tổ quốc", "dân chủ cơ sở", "giảm nghèo", "xây dựng Đảng"],
        titles=[
            "Công tác dân vận của hệ thống chính trị {xa} năm {nam}",
            "Công tác dân vận góp phần giữ vững ổn định chính trị ở {xa}",
            "Nhân rộng mô hình “Dân vận khéo” ở {thon}, {xa}",
            "Ban Dân vận Thị ủy tổng kết công tác dân vận năm {nam}",
            "Đối thoại trực tiếp giữa người đứng đầu chính quyền với nhân dân {dv}",
            "Phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số ở {xa}",
        ],
        leads=[
            "{buoi} {ngay_thang}, Ban Dân vận Thị ủy Mây Ngàn tổ chức hội nghị sơ kết công tác dân vận năm {nam}, triển khai nhiệm vụ thời gian tới.",
            "{buoi} {ngay_thang}, Đảng ủy {xa} phối hợp với Ủy ban Mặt trận Tổ quốc xã tổ chức hội nghị đối thoại với nhân dân về các vấn đề được cử tri quan tâm.",
            "Thời gian qua, cấp ủy, chính quyền {xa} đã chú trọng đổi mới nội dung, phương thức vận động quần chúng theo hướng sát dân, gần dân, trọng dân.",
        ],
        sentences=[
            "Toàn thị xã hiện có {n_vua} mô hình \"Dân vận khéo\" được công nhận, tập trung vào các lĩnh vực phát triển kinh tế, giữ gìn bản sắc văn hóa và bảo đảm an ninh trật tự.",
            "Nhờ làm tốt công tác vận động, nhân dân đã tự nguyện hiến hơn {n_lon} m² đất, đóng góp trên {n_lon} ngày công để mở rộng đường giao thông nông thôn.",
            "Việc tiếp dân, đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với nhân dân được duy trì thường xuyên.",
            "Có {pt} đơn thư, kiến nghị thuộc thẩm quyền đã được xem xét, trả lời đúng quy định.",
            "Tiêu biểu là mô hình \"Tổ hòa giải gắn với người có uy tín\" ở {thon} và mô hình \"Mỗi đoàn viên giúp đỡ một hộ nghèo\" của Đoàn Thanh niên {phuong}.",
            "Đội ngũ cán bộ làm công tác dân vận ở cơ sở thường xuyên bám thôn, bản, nắm bắt tâm tư, nguyện vọng của nhân dân để kịp thời báo cáo cấp ủy.",
            "Các kiến nghị của cử tri về đất đai, giao thông và nước sinh hoạt đã được ghi nhận, phân công cơ quan chuyên môn giải quyết trong tháng.",
            "Quy chế dân chủ ở cơ sở được thực hiện nghiêm túc, nhất là ở những dự án cần giải phóng mặt bằng.",
            "Người có uy tín trong đồng bào các dân tộc đã tích cực tuyên truyền, vận động bà con chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
            "Phong trào thi đua \"Dân vận khéo\" đã lan tỏa rộng khắp, tạo sự đồng thuận cao trong nhân dân.",
        ],
        subheads=["Nhiều mô hình \"Dân vận khéo\" được nhân rộng", "Lắng nghe và giải quyết kiến nghị của dân", "Nhiệm vụ trọng tâm thời gian tới"],
        list_intros=["Trọng tâm thời gian tới gồm:", "Hội nghị thống nhất một số nhiệm vụ sau:"],
        items=[
            "Thực hiện hiệu quả dân chủ ở cơ sở, nhất là trong các dự án cần giải phóng mặt bằng",
            "Phát huy vai trò của người có uy tín trong vùng đồng bào dân tộc thiểu số",
            "Gắn công tác dân vận với chương trình giảm nghèo bền vững và xây dựng nông thôn mới",
            "Nâng cao trách nhiệm của người đứng đầu trong tiếp dân, đối thoại với dân",
            "Kịp thời biểu dương, nhân rộng các điển hình \"Dân vận khéo\"",
        ],
        quotes=["Cán bộ xuống tận nhà giải thích rõ ràng nên bà con hiểu và làm theo, ai cũng phấn khởi."],
        summaries=[
            "Công tác dân vận trên địa bàn {tx} tiếp tục được đổi mới theo hướng sát dân, trọng dân, góp phần thực hiện thắng lợi các nhiệm vụ kinh tế - xã hội.",
            "Nhiều kiến nghị chính đáng của nhân dân {dv} đã được giải quyết ngay tại buổi đối thoại.",
        ],
    ),
    dict(
        name="phòng chống dịch", category="Y tế - Giáo dục",
        tags=["phòng chống dịch", "y tế", "sốt xuất huyết", "tiêm chủng", "vệ sinh môi trường"],
        titles=[
            "Phòng, chống dịch sốt xuất huyết tại {dv}",
            "Phòng, chống dịch bệnh mùa mưa lũ năm {nam}",
            "Phòng, chống dịch: {xa} ra quân diệt lăng quăng, bọ gậy",
            "Chủ động phòng, chống dịch bệnh truyền nhiễm trong mùa hè",
            "Triển khai tiêm chủng mở rộng cho trẻ em ở {xa}",
        ],
        leads=[
            "{buoi} {ngay_thang}, Trung tâm Y tế thị xã Mây Ngàn phối hợp với UBND {dv} tổ chức chiến dịch vệ sinh môi trường, diệt lăng quăng, bọ gậy phòng, chống sốt xuất huyết.",
            "Trước diễn biến phức tạp của thời tiết, ngành y tế {tx} đã chủ động triển khai nhiều biện pháp phòng, chống dịch bệnh trên địa bàn.",
            "Từ đầu năm {nam} đến nay, trên địa bàn {tx} ghi nhận {n_nho} ca mắc sốt xuất huyết, không có trường hợp tử vong.",
        ],
        sentences=[
            "Các tổ xung kích đã đến từng hộ gia đình hướng dẫn người dân lật úp dụng cụ chứa nước, thu gom vật phế thải quanh nhà.",
            "Lực lượng y tế thôn, bản được tập huấn về giám sát, phát hiện sớm ca bệnh và xử lý ổ dịch ban đầu.",
            "Trạm Y tế {xa} đã chuẩn bị đủ thuốc, hóa chất và trang thiết bị để sẵn sàng ứng phó khi có dịch.",
            "Sau đợt ra quân, các đoàn kiểm tra đã thu gom, tiêu hủy hơn {n_vua} kg vật dụng có thể chứa nước đọng.",
            "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin đạt {pt}.",
            "Ngành y tế khuyến cáo người dân khi có biểu hiện sốt cao, xuất huyết dưới da cần đến ngay cơ sở y tế gần nhất để được khám và điều trị kịp thời.",
            "Công tác truyền thông được đẩy mạnh qua hệ thống loa truyền thanh cơ sở, mạng xã hội và các buổi sinh hoạt cộng đồng.",
            "Các trường học trên địa bàn cũng tổ chức cho học sinh dọn vệ sinh lớp học, khơi thông cống rãnh quanh trường.",
            "Khu vực có ổ dịch cũ được phun hóa chất diệt muỗi trên diện rộng với {n_vua} hộ gia đình được xử lý.",
        ],
        subheads=["Ra quân diệt lăng quăng, bọ gậy", "Giám sát chặt chẽ, không để dịch lan rộng", "Người dân cần chủ động phòng bệnh"],
        list_intros=["Để phòng bệnh, Trung tâm Y tế thị xã khuyến cáo người dân:", "Các biện pháp phòng bệnh chủ yếu gồm:"],
        items=[
            "Đậy kín dụng cụ chứa nước, thả cá vào bể nước lớn để diệt lăng quăng",
            "Ngủ màn kể cả ban ngày, mặc quần áo dài tay",
            "Thu gom, xử lý vật phế thải quanh nhà ít nhất mỗi tuần một lần",
            "Phối hợp với cơ quan y tế khi phun hóa chất diệt muỗi",
            "Đến cơ sở y tế ngay khi có biểu hiện sốt cao liên tục",
        ],
        quotes=["Cán bộ y tế đến tận nhà nhắc nhở, nhà tôi giờ tuần nào cũng dọn chum vại, lật úp chai lọ."],
        summaries=["Ngành y tế {tx} chủ động giám sát, xử lý ổ dịch, không để dịch bệnh lây lan trong cộng đồng."],
    ),
    dict(
        name="hội nghị", category="Chính trị - Xã hội",
        tags=["hội nghị", "kinh tế - xã hội", "xây dựng Đảng"],
        titles=[
            "Hội nghị triển khai nhiệm vụ phát triển kinh tế - xã hội năm {nam_sau}",
            "Hội nghị triển khai kế hoạch {linh_vuc} năm {nam}",
            "Hội nghị triển khai Nghị quyết Đại hội Đảng bộ thị xã Mây Ngàn",
            "HĐND thị xã Mây Ngàn khai mạc kỳ họp thường lệ cuối năm {nam}",
            "Thị ủy Mây Ngàn sơ kết công tác 6 tháng đầu năm {nam}",
        ],
        leads=[
            "{buoi} {ngay_thang}, UBND {tx} tổ chức hội nghị triển khai kế hoạch {linh_vuc} năm {nam}.",
            "{buoi} {ngay_thang}, Thị ủy Mây Ngàn tổ chức hội nghị sơ kết công tác lãnh đạo, chỉ đạo và triển khai nhiệm vụ trọng tâm thời gian tới.",
            "{buoi} {ngay_thang}, HĐND {tx} khai mạc kỳ họp thường lệ để xem xét, quyết định nhiều nội dung quan trọng.",
        ],
        sentences=[
            "Dự hội nghị có lãnh đạo Thường trực Thị ủy, HĐND, UBND thị xã cùng đại diện các phòng, ban, ngành và lãnh đạo các xã, phường.",
            "Theo báo cáo, tổng giá trị sản xuất trên địa bàn ước đạt {ty}, tăng {pt_nho} so với cùng kỳ.",
            "Thu ngân sách nhà nước trên địa bàn ước đạt {ty}, bằng {pt_cao} dự toán tỉnh giao.",
            "Công tác quốc phòng, quân sự địa phương được duy trì; an ninh chính trị, trật tự an toàn xã hội cơ bản ổn định.",
            "Bên cạnh kết quả đạt được, hội nghị cũng chỉ ra một số hạn chế như tiến độ giải ngân vốn đầu tư công còn chậm, chất lượng nguồn nhân lực chưa đáp ứng yêu cầu.",
            "Các đại biểu đã tập trung thảo luận, làm rõ nguyên nhân của những tồn tại và đề xuất giải pháp khắc phục.",
            "Phát biểu chỉ đạo hội nghị, {lanh_dao} đề nghị các cơ quan, đơn vị bám sát kế hoạch, phân công rõ người, rõ việc, rõ thời gian hoàn thành.",
            "Kỳ họp đã xem xét các báo cáo, tờ trình của UBND thị xã và thông qua {n_nho} nghị quyết quan trọng.",
            "Hội nghị được kết nối trực tuyến tới điểm cầu của các xã, phường để cán bộ cơ sở cùng theo dõi.",
        ],
        subheads=["Nhiều chỉ tiêu đạt và vượt kế hoạch", "Thẳng thắn chỉ ra tồn tại, hạn chế", "Giải pháp trọng tâm"],
        list_intros=["Hội nghị thống nhất các giải pháp trọng tâm:", "Năm {nam_sau}, thị xã đặt mục tiêu:"],
        items=[
            "Tập trung tháo gỡ vướng mắc, đẩy nhanh tiến độ giải ngân vốn đầu tư công",
            "Tăng cường kỷ luật, kỷ cương hành chính",
            "Huy động các nguồn lực để phát triển hạ tầng giao thông nông thôn",
            "Thu ngân sách đạt ít nhất 100% dự toán được giao",
            "Tỷ lệ hộ nghèo giảm từ 2% trở lên",
            "Giữ vững an ninh chính trị, trật tự an toàn xã hội",
        ],
        quotes=[],
        summaries=["Hội nghị đánh giá kết quả đạt được, chỉ ra hạn chế và thống nhất các giải pháp trọng tâm trong thời gian tới."],
    ),
    dict(
        name="nông thôn mới", category="Nông nghiệp - Nông thôn mới",
        tags=["nông thôn mới", "giao thông", "chương trình OCOP", "giảm nghèo"],
        titles=[
            "Xã {ten_xa} đạt chuẩn nông thôn mới",
            "Xã {ten_xa} được công nhận đạt chuẩn nông thôn mới năm {nam}",
            "Xã {ten_xa} về đích nông thôn mới nâng cao",
            "Xây dựng nông thôn mới ở {xa}: khi người dân cùng chung sức",
            "{thon} đạt chuẩn khu dân cư nông thôn mới kiểu mẫu",
            "Đường bê tông về bản, thành quả xây dựng nông thôn mới ở {xa}",
        ],
        leads=[
            "Ngày {ngay_thang}, UBND tỉnh Hoàng Sơn đã ban hành quyết định công nhận {xa}, thị xã Mây Ngàn đạt chuẩn nông thôn mới năm {nam}.",
            "{buoi} {ngay_thang}, {xa} long trọng tổ chức lễ đón nhận bằng công nhận xã đạt chuẩn nông thôn mới.",
            "Sau nhiều năm nỗ lực, diện mạo nông thôn {xa} đã có nhiều đổi thay rõ rệt.",
        ],
        sentences=[
            "Khi bắt đầu xây dựng nông thôn mới, xã mới đạt {n_tc}/19 tiêu chí; đường liên thôn chủ yếu là đường đất, mùa mưa lầy lội.",
            "Với phương châm \"Nhà nước và nhân dân cùng làm\", xã đã cứng hóa hơn {km} đường liên thôn, ngõ xóm.",
            "Người dân tự nguyện hiến đất, tháo dỡ tường rào, đóng góp ngày công; nhiều hộ còn góp cát, sỏi để làm đường.",
            "Thu nhập bình quân đầu người năm {nam} đạt {trieu_tn} triệu đồng, gấp gần {n_gap} lần so với khi bắt đầu xây dựng nông thôn mới.",
            "Tỷ lệ hộ nghèo của xã giảm còn {pt_ngheo}.",
            "Diện tích chè shan tuyết được chăm sóc theo hướng hữu cơ; các mô hình trồng lúa nếp đặc sản trên ruộng bậc thang được nhân rộng.",
            "Toàn xã đã có {n_nho} sản phẩm đạt chuẩn OCOP 3 sao, nổi bật là chè shan tuyết và mật ong bạc hà.",
            "Hệ thống trường học, trạm y tế, nhà văn hóa thôn được đầu tư xây dựng khang trang, đáp ứng nhu cầu sinh hoạt của nhân dân.",
            "Tổng nguồn vốn huy động cho xây dựng nông thôn mới của xã đạt {ty}, trong đó nhân dân đóng góp gần {pt_nho}.",
            "Sau khi đạt chuẩn, xã sẽ tiếp tục duy trì, nâng cao chất lượng các tiêu chí, đặc biệt là tiêu chí về thu nhập, môi trường và an ninh trật tự.",
        ],
        subheads=["Giao thông là khâu đột phá", "Phát triển sản xuất, nâng cao thu nhập", "Giữ vững và nâng cao các tiêu chí"],
        list_intros=["Những kết quả nổi bật của xã trong giai đoạn vừa qua:"],
        items=[
            "Cứng hóa {km} đường giao thông nông thôn",
            "{pt} hộ dân được sử dụng nước hợp vệ sinh",
            "Xây mới {n_nho} nhà văn hóa thôn",
            "{n_nho} sản phẩm đạt chuẩn OCOP",
            "Tỷ lệ người dân tham gia bảo hiểm y tế đạt {pt}",
        ],
        quotes=[
            "Trước đây, đưa người ốm ra trạm y tế phải cáng bộ mấy tiếng đồng hồ. Giờ đường bê tông về tận bản, xe máy, ô tô đều vào được, bà con phấn khởi lắm.",
            "Nhà nước hỗ trợ xi măng, bà con góp công, góp đất, chỉ vài tháng là đường xong.",
        ],
        summaries=["Từ một xã vùng cao còn nhiều khó khăn, {xa} đã về đích nông thôn mới nhờ sự đồng lòng của người dân."],
    ),
    dict(
        name="giáo dục", category="Y tế - Giáo dục",
        tags=["giáo dục", "khai giảng", "học sinh giỏi", "khuyến học", "trường học"],
        titles=[
            "Hơn {n_lon} học sinh thị xã Mây Ngàn bước vào năm học mới",
            "Khai giảng năm học {nam} - {nam_sau} tại các trường học thị xã Mây Ngàn",
            "Tổng kết năm học {nam_truoc} - {nam}: ngành giáo dục Mây Ngàn giữ vững chất lượng",
            "Trao học bổng khuyến học cho học sinh nghèo vượt khó {xa}",
            "{n_nho} học sinh Mây Ngàn đạt giải kỳ thi học sinh giỏi cấp tỉnh",
            "Trường Phổ thông dân tộc bán trú {ten_xa} đạt chuẩn quốc gia",
        ],
        leads=[
            "{buoi} {ngay_thang}, các trường học trên địa bàn {tx} đồng loạt tổ chức lễ khai giảng năm học mới.",
            "{buoi} {ngay_thang}, Hội Khuyến học {tx} tổ chức trao học bổng cho học sinh có hoàn cảnh khó khăn vươn lên trong học tập.",
            "Năm học vừa qua, ngành giáo dục {tx} tiếp tục duy trì và nâng cao chất lượng dạy và học ở các cấp.",
        ],
        sentences=[
            "Toàn thị xã hiện có {n_truong} trường học với hơn {n_lon} học sinh từ mầm non đến trung học cơ sở.",
            "Trước ngày khai giảng, các nhà trường đã hoàn thành việc sửa chữa phòng học, bổ sung bàn ghế và trang thiết bị dạy học.",
            "Ở các điểm trường lẻ vùng cao, giáo viên đã đến từng nhà vận động học sinh ra lớp đầy đủ.",
            "Tỷ lệ học sinh lớp 9 tốt nghiệp trung học cơ sở đạt {pt}.",
            "Năm nay có thêm {n_nho} trường được công nhận đạt chuẩn quốc gia, nâng tổng số trường đạt chuẩn lên {n_truong} trường.",
            "Mỗi suất học bổng trị giá từ 1 đến 2 triệu đồng, kèm theo sách vở và đồ dùng học tập.",
            "Bếp ăn bán trú được nhà trường duy trì, bảo đảm bữa ăn đủ chất cho học sinh ở xa.",
            "Phong trào \"Tiếng Việt cho trẻ em vùng dân tộc thiểu số\" giúp trẻ mầm non tự tin khi bước vào lớp 1.",
            "Ngành giáo dục đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số trong quản lý và giảng dạy.",
        ],
        subheads=["Sẵn sàng cho năm học mới", "Chất lượng giáo dục vùng cao từng bước nâng lên", "Tiếp sức học sinh vượt khó"],
        list_intros=["Năm học này, ngành giáo dục thị xã tập trung vào các nhiệm vụ:"],
        items=[
            "Duy trì sĩ số, chống bỏ học giữa chừng ở vùng cao",
            "Nâng cao chất lượng dạy tiếng Việt cho học sinh dân tộc thiểu số",
            "Tiếp tục thực hiện chương trình giáo dục phổ thông mới",
            "Xây dựng trường học an toàn, thân thiện",
            "Đẩy mạnh chuyển đổi số trong nhà trường",
        ],
        quotes=["Có học bổng, em sẽ mua thêm sách và cố gắng học tốt để sau này làm cô giáo ở bản mình."],
        summaries=["Các trường học trên địa bàn {tx} đã sẵn sàng cơ sở vật chất, đội ngũ giáo viên cho năm học mới."],
    ),
    dict(
        name="y tế", category="Y tế - Giáo dục",
        tags=["y tế", "bảo hiểm y tế", "người cao tuổi", "khám bệnh miễn phí", "an toàn thực phẩm"],
        titles=[
            "Khám bệnh, cấp thuốc miễn phí cho người cao tuổi {xa}",
            "Tăng cường bảo đảm an toàn thực phẩm dịp Tết Nguyên đán {nam}",
            "Trạm Y tế {xa} đạt chuẩn quốc gia về y tế xã",
            "Nâng cao tỷ lệ người dân tham gia bảo hiểm y tế",
            "Trung tâm Y tế thị xã Mây Ngàn đưa vào sử dụng khu điều trị mới",
        ],
        leads=[
            "{buoi} {ngay_thang}, Trung tâm Y tế thị xã phối hợp với Hội Chữ thập đỏ tổ chức khám bệnh, cấp thuốc miễn phí cho người dân {xa}.",
            "Từ đầu năm {nam}, ngành y tế {tx} đã triển khai nhiều giải pháp nâng cao chất lượng khám, chữa bệnh tại tuyến cơ sở.",
            "{buoi} {ngay_thang}, Ban Chỉ đạo liên ngành về an toàn thực phẩm {tx} ra quân kiểm tra các cơ sở sản xuất, kinh doanh thực phẩm.",
        ],
        sentences=[
            "Đã có {n_vua} người cao tuổi, người thuộc hộ nghèo được khám, tư vấn sức khỏe và nhận thuốc miễn phí.",
            "Các bác sĩ đã khám tổng quát, đo huyết áp, làm xét nghiệm đường huyết và tư vấn cách phòng bệnh mạn tính.",
            "Tỷ lệ người dân tham gia bảo hiểm y tế trên địa bàn đạt {pt}.",
            "Đoàn kiểm tra đã kiểm tra {n_vua} cơ sở, nhắc nhở các cơ sở chưa bảo đảm điều kiện vệ sinh.",
            "Trạm y tế xã được đầu tư máy siêu âm, máy xét nghiệm sinh hóa, giúp người dân không phải đi xa để khám bệnh.",
            "Bệnh nhân nặng được hội chẩn trực tuyến với bệnh viện tuyến tỉnh, rút ngắn thời gian chuyển viện.",
            "Ngành y tế khuyến cáo người dân lựa chọn thực phẩm có nguồn gốc rõ ràng, ăn chín, uống sôi.",
            "Tổng kinh phí của chương trình khoảng {trieu} do các nhà hảo tâm và doanh nghiệp tài trợ.",
        ],
        subheads=["Đưa dịch vụ y tế về gần dân", "Kiểm tra chặt chẽ an toàn thực phẩm"],
        list_intros=["Chương trình gồm các hoạt động:"],
        items=[
            "Khám tổng quát và đo huyết áp",
            "Xét nghiệm đường huyết miễn phí",
            "Tư vấn dinh dưỡng cho người cao tuổi",
            "Cấp phát thuốc thông thường",
            "Hướng dẫn sử dụng sổ sức khỏe điện tử",
        ],
        quotes=["Nhà tôi ở xa, lại đau chân, được bác sĩ về tận xã khám và cho thuốc thế này thì quý lắm."],
        summaries=["Chương trình giúp người cao tuổi, người nghèo ở vùng cao được khám, chữa bệnh ngay tại địa phương."],
    ),
    dict(
        name="văn hóa du lịch", category="Văn hóa - Du lịch",
        tags=["lễ hội", "du lịch", "chè", "văn hóa dân tộc", "du lịch cộng đồng", "thể thao"],
        titles=[
            "Khai mạc Lễ hội Hái chè Xuân Mây năm {nam}",
            "Du lịch cộng đồng ở {thon} hút khách dịp cuối tuần",
            "Bảo tồn nghề dệt thổ cẩm của đồng bào Dao ở {xa}",
            "Sôi nổi Giải bóng chuyền các xã, phường thị xã Mây Ngàn năm {nam}",
            "Mây Ngàn đón hơn {n_lon} lượt khách du lịch dịp nghỉ lễ",
            "Phục dựng lễ cấp sắc của người Dao ở {xa}",
        ],
        leads=[
            "{buoi} {ngay_thang}, tại quảng trường trung tâm {tx}, UBND thị xã tổ chức khai mạc Lễ hội Hái chè Xuân Mây năm {nam}.",
            "Những năm gần đây, du lịch cộng đồng ở {thon}, {xa} ngày càng thu hút du khách trong và ngoài tỉnh.",
            "Trong những ngày nghỉ lễ, các điểm du lịch trên địa bàn {tx} đón lượng khách tăng cao.",
            "{buoi} {ngay_thang}, Phòng Văn hóa - Thông tin {tx} phối hợp với UBND {xa} tổ chức chương trình bảo tồn, phát huy giá trị văn hóa truyền thống.",
        ],
        sentences=[
            "Lễ hội năm nay diễn ra trong {n_ngay} ngày với nhiều hoạt động đặc sắc như thi hái chè, thi pha trà, trình diễn trang phục dân tộc.",
            "Du khách được trải nghiệm hái chè cùng người dân, thưởng thức trà shan tuyết và các món ăn truyền thống của đồng bào vùng cao.",
            "Hiện {thon} có {n_nho} hộ làm homestay, mỗi tháng đón hàng trăm lượt khách.",
            "Doanh thu từ du lịch ước đạt {ty}, tăng {pt_nho} so với cùng kỳ năm trước.",
            "Các nghệ nhân trong bản đã truyền dạy cho lớp trẻ cách trồng lanh, se sợi, nhuộm chàm và thêu hoa văn.",
            "Giải đấu thu hút {n_vua} vận động viên của các xã, phường, cơ quan, đơn vị tham gia.",
            "Ngoài các trận đấu, khán giả còn được thưởng thức các tiết mục văn nghệ đặc sắc do đội văn nghệ quần chúng biểu diễn.",
            "Thị xã đang xây dựng các tour kết nối đồi chè, thác nước và bản làng, hướng tới phát triển du lịch xanh, bền vững.",
            "Lực lượng chức năng đã tăng cường bảo đảm an ninh trật tự, an toàn giao thông, không để xảy ra tình trạng chèo kéo, nâng giá dịch vụ.",
        ],
        subheads=["Nhiều hoạt động đặc sắc", "Giữ hồn văn hóa bản địa", "Hướng tới du lịch bền vững"],
        list_intros=["Trong khuôn khổ lễ hội diễn ra các hoạt động:", "Du khách đến {thon} có thể trải nghiệm:"],
        items=[
            "Hội thi hái chè và sao chè thủ công",
            "Trình diễn trang phục truyền thống các dân tộc",
            "Chợ phiên vùng cao và không gian ẩm thực",
            "Giải đẩy gậy, kéo co, ném còn",
            "Đêm giao lưu văn nghệ bên bếp lửa",
        ],
        quotes=["Lần đầu lên Mây Ngàn, tôi rất ấn tượng với đồi chè và sự thân thiện của bà con nơi đây."],
        summaries=["Nhiều hoạt động văn hóa, thể thao và du lịch đặc sắc mang đậm bản sắc các dân tộc vùng cao đã thu hút đông đảo người dân, du khách."],
    ),
    dict(
        name="quốc phòng an ninh", category="Quốc phòng - An ninh",
        tags=["phòng cháy chữa cháy", "an ninh trật tự", "quân sự địa phương", "giao quân", "an toàn giao thông", "bảo vệ rừng"],
        titles=[
            "Mây Ngàn ra quân cao điểm phòng cháy, chữa cháy rừng mùa khô năm {nam}",
            "Lễ giao nhận quân năm {nam}: {n_vua} thanh niên Mây Ngàn lên đường nhập ngũ",
            "Diễn tập chiến đấu phòng thủ {xa} năm {nam}",
            "Công an thị xã Mây Ngàn bảo đảm an ninh trật tự dịp Tết",
            "Tăng cường bảo đảm trật tự an toàn giao thông trên địa bàn thị xã",
            "Ra mắt mô hình \"Camera an ninh\" tại {thon}",
        ],
        leads=[
            "{buoi} {ngay_thang}, Ban Chỉ đạo phòng cháy, chữa cháy rừng {tx} tổ chức lễ ra quân cao điểm phòng cháy, chữa cháy rừng mùa khô.",
            "{buoi} {ngay_thang}, Hội đồng Nghĩa vụ quân sự {tx} tổ chức lễ giao nhận quân năm {nam}.",
            "{buoi} {ngay_thang}, Công an {tx} phối hợp với UBND {dv} ra mắt mô hình tự quản về an ninh trật tự.",
        ],
        sentences=[
            "Toàn thị xã có hơn {n_lon} ha rừng, trong đó nhiều diện tích rừng thông, rừng keo có nguy cơ cháy cao trong mùa khô.",
            "Các xã đã thành lập {n_vua} tổ đội quần chúng bảo vệ rừng, duy trì trực 24/24 giờ tại các điểm có nguy cơ cháy cao.",
            "Người dân được hướng dẫn không đốt nương, đốt thực bì trong những ngày nắng nóng kéo dài.",
            "Các tân binh đều có sức khỏe tốt, trình độ học vấn cao, nhiều thanh niên tình nguyện nhập ngũ.",
            "Lãnh đạo thị xã đã động viên, tặng quà các tân binh, mong các em nhanh chóng thích nghi với môi trường quân ngũ.",
            "Cuộc diễn tập nhằm nâng cao năng lực lãnh đạo, chỉ đạo của cấp ủy, chính quyền và khả năng phối hợp của các lực lượng.",
            "Lực lượng công an đã tăng cường tuần tra, kiểm soát, xử lý nghiêm các hành vi vi phạm trật tự an toàn giao thông.",
            "Mô hình đã lắp đặt {n_nho} camera tại các tuyến đường chính, giúp phát hiện, ngăn chặn kịp thời các hành vi vi phạm pháp luật.",
            "Trong {n_thang} tháng, lực lượng chức năng đã lập biên bản xử lý {n_vua} trường hợp vi phạm, nộp kho bạc hơn {trieu}.",
        ],
        subheads=["Chủ động từ cơ sở", "Sẵn sàng ứng phó mọi tình huống", "Phát huy sức mạnh toàn dân"],
        list_intros=["Để chủ động phòng cháy, chữa cháy rừng, Ban Chỉ đạo yêu cầu:"],
        items=[
            "Các xã kiện toàn ban chỉ huy phòng cháy, chữa cháy rừng",
            "Chủ rừng xây dựng phương án tại chỗ, chuẩn bị dụng cụ chữa cháy",
            "Lực lượng kiểm lâm tăng cường tuần tra ở vùng trọng điểm",
            "Tuyên truyền đến từng hộ dân sống gần rừng",
            "Báo cáo kịp thời khi phát hiện điểm cháy",
        ],
        quotes=["Được lên đường bảo vệ Tổ quốc là niềm tự hào của tôi và gia đình."],
        summaries=["Các lực lượng chức năng của {tx} chủ động triển khai phương án, giữ vững an ninh trật tự trên địa bàn."],
    ),
    dict(
        name="cải cách hành chính", category="Cải cách hành chính",
        tags=["cải cách hành chính", "chuyển đổi số", "dịch vụ công trực tuyến", "một cửa"],
        titles=[
            "Bộ phận Một cửa {dv} rút ngắn thời gian giải quyết hồ sơ",
            "Đẩy mạnh dịch vụ công trực tuyến toàn trình",
            "Mây Ngàn thành lập {n_vua} tổ công nghệ số cộng đồng",
            "Chuyển đổi số ở {xa}: bắt đầu từ những việc nhỏ",
            "Chỉ số cải cách hành chính của thị xã Mây Ngàn năm {nam} tăng {n_nho} bậc",
        ],
        leads=[
            "Thời gian qua, Bộ phận tiếp nhận và trả kết quả {dv} đã có nhiều đổi mới trong phục vụ người dân, doanh nghiệp.",
            "{buoi} {ngay_thang}, UBND {tx} tổ chức hội nghị đánh giá kết quả cải cách hành chính và chuyển đổi số.",
            "Từ đầu năm {nam}, {tx} đẩy mạnh cung cấp dịch vụ công trực tuyến, giảm thời gian đi lại cho người dân.",
        ],
        sentences=[
            "Tỷ lệ hồ sơ được giải quyết đúng và trước hạn đạt {pt}.",
            "Người dân có thể nộp hồ sơ, theo dõi tiến độ và nhận kết quả qua mạng mà không phải đến trụ sở.",
            "Các tổ công nghệ số cộng đồng đã đến từng thôn, tổ dân phố hướng dẫn người dân cài đặt ứng dụng định danh điện tử.",
            "Có {pt} cán bộ, công chức cấp xã đã được cấp chữ ký số và sử dụng thành thạo hệ thống quản lý văn bản điện tử.",
            "Nhiều thủ tục như đăng ký khai sinh, chứng thực bản sao đã được giải quyết ngay trong ngày.",
            "Thị xã đã số hóa {n_lon} hồ sơ, giấy tờ hộ tịch, phục vụ tra cứu nhanh chóng.",
            "Hằng tháng, bộ phận một cửa lấy ý kiến đánh giá mức độ hài lòng của người dân qua phiếu khảo sát và mã QR.",
            "Thanh toán không dùng tiền mặt được khuyến khích khi nộp phí, lệ phí hành chính.",
        ],
        subheads=["Lấy người dân làm trung tâm", "Chuyển đổi số từ cơ sở"],
        list_intros=["Người dân có thể thực hiện trực tuyến các thủ tục:"],
        items=[
            "Đăng ký khai sinh, khai tử",
            "Chứng thực bản sao từ bản chính",
            "Đăng ký thường trú, tạm trú",
            "Cấp giấy phép xây dựng nhà ở riêng lẻ",
            "Đăng ký hộ kinh doanh",
        ],
        quotes=["Trước phải đi lại mấy lần mới xong giấy tờ, giờ làm trên điện thoại, cán bộ còn gọi điện hướng dẫn tận tình."],
        summaries=["Nhiều thủ tục hành chính đã được giải quyết trực tuyến, giúp người dân tiết kiệm thời gian, chi phí đi lại."],
    ),
    dict(
        name="kinh tế", category="Kinh tế",
        tags=["kinh tế", "thu ngân sách", "doanh nghiệp", "hợp tác xã", "đầu tư công", "chương trình OCOP"],
        titles=[
            "Thu ngân sách năm {nam} của thị xã Mây Ngàn ước đạt {ty}",
            "Hợp tác xã chè {ten_xa} nâng tầm sản phẩm OCOP",
            "Khởi công dự án đường nối trung tâm thị xã với {xa}",
            "Gặp mặt doanh nghiệp đầu xuân {nam}",
            "Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm {nam}",
            "Phiên chợ hàng Việt về {xa}",
        ],
        leads=[
            "Theo UBND {tx}, năm {nam}, thu ngân sách nhà nước trên địa bàn ước đạt {ty}, vượt dự toán được giao.",
            "{buoi} {ngay_thang}, UBND {tx} tổ chức lễ khởi công dự án nâng cấp tuyến đường từ trung tâm thị xã đi {xa}.",
            "{buoi} {ngay_thang}, UBND {tx} tổ chức gặp mặt các doanh nghiệp, hợp tác xã trên địa bàn.",
            "Những năm gần đây, nhiều hợp tác xã ở {tx} đã mạnh dạn đầu tư máy móc, xây dựng thương hiệu cho sản phẩm.",
        ],
        sentences=[
            "Tổng mức đầu tư của dự án khoảng {ty}, thời gian thi công dự kiến {n_thang} tháng.",
            "Khi hoàn thành, tuyến đường sẽ rút ngắn thời gian đi lại, tạo thuận lợi cho việc vận chuyển nông sản của người dân.",
            "Hợp tác xã hiện có {n_nho} thành viên, liên kết với hơn {n_vua} hộ trồng chè trong vùng.",
            "Sản phẩm chè của hợp tác xã đã có mặt tại nhiều cửa hàng đặc sản và sàn thương mại điện tử.",
            "Toàn thị xã hiện có {n_vua} doanh nghiệp đang hoạt động, giải quyết việc làm cho hàng nghìn lao động địa phương.",
            "Lãnh đạo thị xã cam kết đồng hành, tháo gỡ khó khăn về mặt bằng, thủ tục cho doanh nghiệp.",
            "Đến nay, thị xã đã giải ngân được {pt} kế hoạch vốn đầu tư công.",
            "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tăng {pt_nho} so với cùng kỳ.",
            "Các chủ đầu tư được yêu cầu tập trung nhân lực, máy móc, thi công bảo đảm chất lượng và tiến độ.",
        ],
        subheads=["Nhiều nguồn thu tăng khá", "Đồng hành cùng doanh nghiệp", "Tháo gỡ vướng mắc, đẩy nhanh tiến độ"],
        list_intros=["Một số chỉ tiêu kinh tế chủ yếu:"],
        items=[
            "Tốc độ tăng trưởng giá trị sản xuất đạt {pt_nho}",
            "Thu ngân sách trên địa bàn đạt {ty}",
            "Thu nhập bình quân đầu người đạt {trieu_tn} triệu đồng/năm",
            "Thành lập mới {n_nho} doanh nghiệp và hợp tác xã",
        ],
        quotes=["Được tạo điều kiện về thủ tục, doanh nghiệp yên tâm mở rộng nhà xưởng, tuyển thêm lao động địa phương."],
        summaries=["Kinh tế {tx} tiếp tục tăng trưởng khá, nhiều chỉ tiêu đạt và vượt kế hoạch đề ra."],
        table=True,
    ),
    dict(
        name="môi trường", category="Tài nguyên - Môi trường",
        tags=["môi trường", "rác thải", "phòng chống thiên tai", "trồng cây", "nước sạch"],
        titles=[
            "Ra quân làm sạch môi trường hưởng ứng Ngày Môi trường thế giới năm {nam}",
            "Chủ động phòng, chống sạt lở đất mùa mưa bão",
            "Tết trồng cây đời đời nhớ ơn Bác Hồ tại {xa}",
            "Phân loại rác thải tại nguồn ở {phuong}",
            "Khắc phục hậu quả mưa lũ tại {xa}",
            "Công trình nước sạch mới cho {n_vua} hộ dân {xa}",
        ],
        leads=[
            "{buoi} {ngay_thang}, UBND {tx} phát động ra quân làm sạch môi trường với sự tham gia của đông đảo cán bộ, đoàn viên và nhân dân.",
            "Do ảnh hưởng của mưa lớn kéo dài, tại {xa} đã xảy ra sạt lở đất ở một số điểm, gây thiệt hại về tài sản của người dân.",
            "{buoi} {ngay_thang}, {xa} tổ chức Tết trồng cây đời đời nhớ ơn Bác Hồ.",
            "Sau một thời gian triển khai, mô hình phân loại rác thải tại nguồn ở {phuong} đã mang lại hiệu quả rõ rệt.",
        ],
        sentences=[
            "Các lực lượng đã thu gom hàng tấn rác thải, khơi thông cống rãnh, phát quang bụi rậm dọc các tuyến đường.",
            "Dịp này, thị xã đã trồng mới {n_lon} cây xanh các loại trên các tuyến phố và khu vực công cộng.",
            "Lực lượng chức năng đã khẩn trương di dời {n_nho} hộ dân ra khỏi vùng nguy hiểm.",
            "Ước tính tổng thiệt hại do mưa lũ khoảng {ty}; không có thiệt hại về người.",
            "Chính quyền địa phương đã huy động lực lượng giúp dân dọn dẹp bùn đất, sửa chữa nhà cửa.",
            "Mỗi hộ gia đình được phát thùng rác để phân loại rác hữu cơ, rác tái chế và rác còn lại.",
            "Lượng rác thải phải chôn lấp đã giảm đáng kể, khu dân cư sạch đẹp hơn.",
            "Công trình nước sạch có tổng vốn đầu tư {ty}, cung cấp nước cho {n_vua} hộ dân.",
            "Thị xã yêu cầu các xã rà soát các điểm có nguy cơ sạt lở, cắm biển cảnh báo và có phương án sơ tán dân khi cần thiết.",
        ],
        subheads=["Chung tay vì môi trường xanh, sạch, đẹp", "Khẩn trương khắc phục hậu quả", "Chủ động ứng phó thiên tai"],
        list_intros=["Để chủ động ứng phó với mưa lũ, thị xã yêu cầu:"],
        items=[
            "Rà soát các khu dân cư có nguy cơ sạt lở, lũ quét",
            "Chuẩn bị lương thực, thuốc men dự phòng theo phương châm \"bốn tại chỗ\"",
            "Không để người dân qua lại ngầm tràn khi nước lên",
            "Khơi thông dòng chảy, cống rãnh trước mùa mưa",
            "Thông tin kịp thời diễn biến thời tiết đến từng hộ dân",
        ],
        quotes=["Nhà tôi gần đồi, cán bộ đến vận động di chuyển sớm nên cả nhà an toàn."],
        summaries=["Chính quyền và người dân {xa} chung tay bảo vệ môi trường, chủ động ứng phó với thiên tai."],
    ),
    dict(
        name="an sinh xã hội", category="Chính trị - Xã hội",
        tags=["thanh niên", "tình nguyện", "giảm nghèo", "an sinh xã hội", "nhà Đại đoàn kết", "phụ nữ", "hội nông dân"],
        titles=[
            "Thanh niên tình nguyện hè {nam} chung sức xây dựng nông thôn mới",
            "Trao nhà Đại đoàn kết cho hộ nghèo {xa}",
            "Hội Liên hiệp Phụ nữ thị xã giúp hội viên phát triển kinh tế",
            "Tặng quà Tết cho hộ nghèo, gia đình chính sách dịp Xuân {nam}",
            "Giảm nghèo bền vững ở {xa}: hiệu quả từ mô hình sinh kế",
        ],
        leads=[
            "{buoi} {ngay_thang}, Thị đoàn Mây Ngàn tổ chức lễ ra quân chiến dịch Thanh niên tình nguyện hè năm {nam}.",
            "{buoi} {ngay_thang}, Ủy ban Mặt trận Tổ quốc Việt Nam {tx} phối hợp với UBND {xa} tổ chức bàn giao nhà Đại đoàn kết cho hộ nghèo.",
            "Những năm qua, công tác giảm nghèo ở {xa} đã đạt nhiều kết quả tích cực nhờ cách làm phù hợp với điều kiện địa phương.",
            "Dịp Tết Nguyên đán, lãnh đạo {tx} đã đến thăm, tặng quà các gia đình chính sách, hộ nghèo trên địa bàn.",
        ],
        sentences=[
            "Chiến dịch thu hút {n_vua} đoàn viên, thanh niên tham gia với nhiều công trình, phần việc thiết thực.",
            "Các đội hình tình nguyện đã làm mới {km} đường bê tông, sửa chữa nhà văn hóa và trồng cây xanh tại các thôn, bản.",
            "Ngôi nhà được xây dựng kiên cố với tổng kinh phí khoảng {trieu}, trong đó Quỹ Vì người nghèo hỗ trợ một phần, gia đình và anh em họ hàng góp công.",
            "Tỷ lệ hộ nghèo toàn thị xã giảm còn {pt_ngheo}, hộ cận nghèo còn {pt_ngheo}.",
            "Các hộ nghèo được hỗ trợ giống cây, con giống, vay vốn ưu đãi và tập huấn kỹ thuật sản xuất.",
            "Mỗi suất quà gồm tiền mặt và nhu yếu phẩm trị giá từ 500 nghìn đến 1 triệu đồng.",
            "Tổng số quà được trao trong dịp này là {n_lon} suất, với tổng trị giá hơn {ty}.",
            "Nhiều hội viên phụ nữ đã mạnh dạn vay vốn phát triển chăn nuôi, trồng trọt, có thu nhập ổn định.",
            "Hội Nông dân thị xã phối hợp mở các lớp tập huấn kỹ thuật chăm sóc chè, nuôi lợn đen bản địa cho hội viên.",
        ],
        subheads=["Những phần việc thiết thực", "Không để ai bị bỏ lại phía sau", "Tiếp sức cho người nghèo vươn lên"],
        list_intros=["Chiến dịch tập trung vào các phần việc:"],
        items=[
            "Làm đường bê tông liên thôn",
            "Hỗ trợ học sinh ôn tập hè",
            "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
            "Sửa chữa nhà văn hóa, sân chơi cho thiếu nhi",
            "Trồng cây xanh, làm đường hoa",
        ],
        quotes=["Có ngôi nhà mới, vợ chồng tôi yên tâm làm ăn, lo cho các con đi học."],
        summaries=["Những phần quà, ngôi nhà mới đã tiếp thêm động lực để các hộ nghèo {xa} vươn lên trong cuộc sống."],
    ),
    dict(
        name="nông nghiệp", category="Nông nghiệp - Nông thôn mới",
        tags=["chè", "chăn nuôi", "trồng trọt", "khuyến nông", "thú y"],
        titles=[
            "Phòng, chống dịch tả lợn châu Phi trên đàn lợn ở {xa}",
            "Nông dân {xa} phấn khởi vì chè xuân được giá",
            "Ruộng bậc thang {ten_xa} vào mùa lúa chín",
            "Chuyển đổi cơ cấu cây trồng, nâng cao thu nhập cho nông dân",
            "Phòng, chống rét cho đàn gia súc vùng cao",
        ],
        leads=[
            "Những ngày này, nông dân {xa} đang tất bật thu hái chè xuân.",
            "{buoi} {ngay_thang}, Phòng Kinh tế {tx} tổ chức kiểm tra công tác phòng, chống dịch bệnh trên đàn vật nuôi tại {xa}.",
            "Vụ xuân năm {nam}, toàn thị xã gieo cấy được hơn {n_lon} ha lúa và hoa màu các loại.",
        ],
        sentences=[
            "Giá chè búp tươi năm nay dao động từ 12.000 đến 18.000 đồng/kg, cao hơn năm trước.",
            "Toàn xã hiện có {n_vua} ha chè, trong đó diện tích chè cho thu hoạch chiếm khoảng {pt}.",
            "Thú y viên cơ sở đã phun tiêu độc, khử trùng chuồng trại và hướng dẫn người dân chăn nuôi an toàn sinh học.",
            "Người dân được khuyến cáo không mua bán, vận chuyển lợn không rõ nguồn gốc, không vứt xác lợn chết ra môi trường.",
            "Trong những ngày rét đậm, rét hại, bà con đã che chắn chuồng trại, dự trữ thức ăn cho trâu, bò.",
            "Mô hình trồng cây ăn quả ôn đới trên đất dốc đã cho thu nhập cao gấp nhiều lần trồng ngô.",
            "Cán bộ khuyến nông thường xuyên bám đồng ruộng, hướng dẫn bà con phòng trừ sâu bệnh.",
            "Năng suất lúa bình quân ước đạt {n_nangsuat} tạ/ha.",
        ],
        subheads=["Được mùa, được giá", "Không chủ quan với dịch bệnh"],
        list_intros=["Cơ quan chuyên môn khuyến cáo bà con:"],
        items=[
            "Vệ sinh, tiêu độc chuồng trại định kỳ",
            "Tiêm phòng đầy đủ cho vật nuôi",
            "Không thả rông gia súc trong những ngày rét đậm",
            "Báo ngay cho thú y xã khi vật nuôi có dấu hiệu bệnh",
        ],
        quotes=["Năm nay chè được mùa, được giá, gia đình tôi thu khoảng {trieu} từ vụ chè xuân."],
        summaries=["Nông dân {xa} chủ động chăm sóc cây trồng, vật nuôi, phòng chống dịch bệnh để có một vụ mùa bội thu."],
    ),
]

GENERIC = [
    "Đây là hoạt động thiết thực, góp phần thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ thị xã.",
    "Dịp này, UBND thị xã đã tặng giấy khen cho {n_nho} tập thể và {n_nho} cá nhân có thành tích xuất sắc.",
    "Thời gian tới, thị xã sẽ tiếp tục kiểm tra, đôn đốc, kịp thời tháo gỡ khó khăn, vướng mắc ở cơ sở.",
    "Lãnh đạo {dv} cho biết, địa phương sẽ tiếp tục phát huy những kết quả đạt được trong thời gian tới.",
    "Hoạt động nhận được sự hưởng ứng tích cực của đông đảo người dân trên địa bàn.",
    "Kết quả này có được là nhờ sự vào cuộc quyết liệt của cả hệ thống chính trị và sự đồng thuận của nhân dân.",
    "Theo {can_bo}, thời gian tới địa phương sẽ tập trung khắc phục những hạn chế, phấn đấu hoàn thành các chỉ tiêu đề ra.",
    "Các phòng, ban chuyên môn được giao theo dõi, tổng hợp kết quả, báo cáo UBND thị xã trước ngày {ngay_bc}.",
    "Công tác thông tin, tuyên truyền được thực hiện thường xuyên trên Cổng thông tin điện tử và hệ thống truyền thanh của thị xã.",
    "Theo kế hoạch, các hoạt động sẽ được triển khai đồng loạt ở các xã, phường trước khi tổng kết vào cuối năm.",
    "{can_bo} nhấn mạnh, mọi chủ trương chỉ thành công khi được người dân hiểu, đồng tình và cùng tham gia.",
    "Nhiều cách làm hay, sáng tạo ở cơ sở đã được ghi nhận và đề nghị nhân rộng trong toàn thị xã.",
]

SAYS = ["chia sẻ", "cho biết", "phấn khởi nói", "tâm sự"]
BUOI = ["Sáng", "Chiều", "Ngày", "Tối"]
ENDINGS = [
    "*Nguồn: Phòng Văn hóa - Thông tin thị xã Mây Ngàn.*",
    "*Tin, ảnh: Cộng tác viên cơ sở.*",
]
TABLE_ROWS = ["Thuế ngoài quốc doanh", "Thu tiền sử dụng đất", "Lệ phí trước bạ", "Phí và lệ phí", "Thu khác ngân sách"]

CATEGORIES = sorted({t["category"] for t in TOPICS})
TAGS = sorted({tag for t in TOPICS for tag in t["tags"]})  # 60 tags

# -- text helpers ------------------------------------------------------------------------------------------

_SLOT = re.compile(r"\{(\w+)\}")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_words: int = 8) -> str:
    """The same ASCII folding as the plugin's slugs (đ → d, diacritics dropped)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return "-".join(_NOT_WORD.sub(" ", folded).split()[:max_words])


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def vn_int(n: int) -> str:
    """12345 → 12.345, as Vietnamese writes it."""
    return f"{n:,}".replace(",", ".")


def vn_dec(x: float, places: int = 1) -> str:
    text = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _pct(lo: float, hi: float):
    return lambda r: vn_dec(r.uniform(lo, hi), r.choice((0, 1, 1, 2))) + "%"


NUMBERS = {
    "n_nho": lambda r: str(r.randint(2, 20)),
    "n_vua": lambda r: str(r.randint(20, 400)),
    "n_lon": lambda r: vn_int(r.randint(1000, 30000)),
    "n_tc": lambda r: str(r.randint(5, 9)),
    "n_gap": lambda r: str(r.randint(2, 3)),
    "n_ngay": lambda r: str(r.randint(2, 5)),
    "n_thang": lambda r: str(r.randint(3, 11)),
    "n_truong": lambda r: str(r.randint(25, 45)),
    "n_nangsuat": lambda r: str(r.randint(45, 60)),
    "pt": _pct(60, 99.9),
    "pt_nho": _pct(3, 15),
    "pt_cao": _pct(95, 130),
    "pt_ngheo": _pct(2, 15),
    "ty": lambda r: vn_dec(r.uniform(1.5, 320), r.choice((0, 1))) + " tỷ đồng",
    "trieu": lambda r: f"{r.randint(20, 900)} triệu đồng",
    "trieu_tn": lambda r: str(r.randint(30, 65)),
    "km": lambda r: vn_dec(r.uniform(2, 40)) + " km",
    "ngay_bc": lambda r: f"{r.randint(1, 28)}/{r.randint(1, 12)}",
    "buoi": lambda r: r.choice(BUOI),
    "lanh_dao": lambda r: r.choice(LEADERS),
    "can_bo": lambda r: r.choice(OFFICIALS),
}


class Writer:
    """Fills templates for one article: places and year stay fixed, figures vary sentence by sentence."""

    def __init__(self, rng: random.Random, date: dt.datetime):
        self.rng = rng
        commune = rng.choice(COMMUNES)
        ward = rng.choice(WARDS)
        lead_day = date - dt.timedelta(days=rng.choice((0, 0, 1, 1, 2)))
        self.ctx = {
            "tx": TOWN, "tinh": PROVINCE,
            "nam": str(date.year), "nam_sau": str(date.year + 1), "nam_truoc": str(date.year - 1),
            "ngay_thang": f"{lead_day.day}/{lead_day.month}",
            "xa": f"xã {commune}", "ten_xa": commune, "phuong": f"phường {ward}",
            "dv": rng.choice((f"xã {commune}", f"xã {commune}", f"phường {ward}")),
            "thon": rng.choice(VILLAGES), "linh_vuc": rng.choice(FIELDS_OF_WORK),
        }

    def _slot(self, match: re.Match) -> str:
        name = match.group(1)
        if name in self.ctx:
            return self.ctx[name]
        return NUMBERS[name](self.rng)

    def fill(self, template: str) -> str:
        for _ in range(3):  # slots may hold slots (an official "of {xa}")
            template = _SLOT.sub(self._slot, template)
            if "{" not in template:
                return cap(template)
        raise ValueError(f"unfilled slot in {template!r}")


def yaml_scalar(text: str, flow: bool = False) -> str:
    """Plain when YAML reads it back as the same text, double-quoted otherwise."""
    special = ":#\"'`{}[]&*!|>%@" + (",?" if flow else "")
    plain_ok = (
        text == text.strip() and text
        and not any(c in special for c in text)
        and text[0] not in "-?,"
        and not re.fullmatch(r"[-+.\d\s/]*|yes|no|true|false|on|off|null|~", text, re.I)
    )
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


# -- one article -------------------------------------------------------------------------------------------

def _date_field(rng: random.Random, date: dt.datetime) -> str:
    form = rng.choices(range(4), weights=(3, 3, 2, 2))[0]
    if form == 0:
        return f"{date:%Y-%m-%d}"
    if form == 1:
        return f"{date:%Y-%m-%d %H:%M}"
    if form == 2:
        return f'"{date:%d/%m/%Y}"'
    return f'"{date:%d/%m/%Y %H:%M}"'


def _tags_field(rng: random.Random, topic: dict) -> list[str]:
    count = rng.randint(2, 5)
    own = rng.sample(topic["tags"], min(len(topic["tags"]), rng.randint(1, 3)))
    others = [t for t in TAGS if t not in own]
    tags = own + rng.sample(others, max(0, count - len(own)))
    form = rng.choices(range(3), weights=(6, 3, 1))[0]
    if form == 0:
        return ["tags:"] + [f"  - {yaml_scalar(t)}" for t in tags]
    if form == 1:
        return ["tags: [" + ", ".join(yaml_scalar(t, flow=True) for t in tags) + "]"]
    return ["tags: " + yaml_scalar(", ".join(tags))]


def _paragraph(w: Writer, pool: list[str], count: int) -> str:
    sentences = []
    for _ in range(count):
        if not pool:
            pool.extend(w.rng.sample(GENERIC, len(GENERIC)))
        sentences.append(w.fill(pool.pop()))
    return " ".join(sentences)


def _list(w: Writer, topic: dict) -> str:
    items = w.rng.sample(topic["items"], min(len(topic["items"]), w.rng.randint(3, 5)))
    numbered = w.rng.random() < 0.3
    lines = [w.fill(w.rng.choice(topic["list_intros"])), ""]
    for i, item in enumerate(items, start=1):
        end = "." if i == len(items) else ";"
        lines.append(f"{i}. {w.fill(item)}{end}" if numbered else f"- {w.fill(item)}{end}")
    return "\n".join(lines)


def _table(w: Writer) -> str:
    rng = w.rng
    rows = ["| Nguồn thu | Ước thực hiện (tỷ đồng) | So với dự toán |", "|---|---:|---:|"]
    for name in rng.sample(TABLE_ROWS, rng.randint(3, len(TABLE_ROWS))):
        rows.append(f"| {name} | {vn_dec(rng.uniform(0.5, 90))} | {vn_dec(rng.uniform(80, 140))}% |")
    return f"Kết quả thu một số khoản chủ yếu năm {w.ctx['nam']}:\n\n" + "\n".join(rows)


def _body(w: Writer, topic: dict) -> str:
    rng = w.rng
    pool = rng.sample(topic["sentences"], len(topic["sentences"]))
    count = rng.randint(3, 8)
    blocks = [w.fill(rng.choice(topic["leads"])) + " " + _paragraph(w, pool, rng.randint(1, 2))]
    for _ in range(count - 1):
        blocks.append(_paragraph(w, pool, rng.randint(2, 3)))
    if topic["quotes"] and count >= 4 and rng.random() < 0.25:
        who = f"{rng.choice(RESIDENTS)}, {w.ctx['thon']}, {w.ctx['xa']}"
        blocks[rng.randint(1, count - 2)] = f"{cap(who)}, {rng.choice(SAYS)}: \"{w.fill(rng.choice(topic['quotes']))}\""
    if rng.random() < 0.3:
        blocks.insert(rng.randint(2, len(blocks)), _list(w, topic))
    if topic.get("table") and rng.random() < 0.3:
        blocks.insert(len(blocks) - 1, _table(w))
    if count >= 4 and rng.random() < 0.45:
        heads = rng.sample(topic["subheads"], min(len(topic["subheads"]), rng.randint(1, 2)))
        positions = [1] if len(heads) == 1 else [1, max(2, (2 * len(blocks)) // 3)]
        for position, head in sorted(zip(positions, heads), reverse=True):
            blocks.insert(position, "## " + w.fill(head))
    if rng.random() < 0.03:
        blocks.append("Thông tin về các đơn vị hành chính của thị xã xem tại trang [Giới thiệu](../../gioi-thieu.md).")
    if rng.random() < 0.1:
        blocks.append(rng.choice(ENDINGS))
    return "\n\n".join(blocks) + "\n"


def article(n: int, date: dt.datetime, date_text: str, featured: bool, seed: int,
            cites: tuple[random.Random, list] | None = None) -> tuple[str, str]:
    """Article number `n`: its path under content/ and its text. `cites`: a random stream and the documents
    (Doc) the body cites, in sentences added to it (none: the text is as without documents)."""
    rng = random.Random(f"{seed}:{n}")
    topic = rng.choice(TOPICS)
    w = Writer(rng, date)
    # Numbered like a bulletin, so that no two of the thousands share a title (Bantin warns when they do).
    title = f"{w.fill(rng.choice(topic['titles']))} (số {n})"
    lines = [
        "---",
        f"title: {yaml_scalar(title)}",
        f"date: {date_text}",
        f"author: {yaml_scalar(rng.choice(AUTHORS))}",
        f"category: {yaml_scalar(topic['category'])}",
        *_tags_field(rng, topic),
        f"views: {int(5000 * rng.random() ** 1.6)}",
    ]
    if rng.random() < 0.3:
        lines.append(f"summary: {yaml_scalar(w.fill(rng.choice(topic['summaries'])))}")
    if featured:
        lines.append("featured: true")
    lines.append("---")
    body = _body(w, topic)
    if cites and cites[1]:
        citing = copy.copy(w)  # the article's places and year, the citations' own random stream
        citing.rng = cites[0]
        body, _ = cite_documents(body, citing, cites[1])
    path = f"{ARTICLES_DIR}/{date.year}/{slugify(title)}-{n}.md"
    return path, "\n".join(lines) + "\n\n" + body


def article_dates(count: int, seed: int) -> list[dt.datetime]:
    """`count` publication times over ten years, oldest first; the newest is on END's day."""
    rng = random.Random(f"{seed}:dates")
    span = int((END - START).total_seconds() // 60)
    dates = []
    for _ in range(count):
        day = START + dt.timedelta(minutes=rng.randrange(span))
        dates.append(min(END, day.replace(hour=rng.randint(6, 21), minute=rng.choice((0, 15, 30, 45)))))
    dates.sort()
    if dates:
        dates[-1] = END
    return dates


# -- the register of documents (văn bản) ---------------------------------------------------------------------

DOCUMENTS_DIR = "van-ban"
DOCUMENT_FILES_DIR = "van-ban/tep"

# (field as the register names it, what a title or a sentence says of it)
DOC_FIELDS = [
    ("Dân vận", "công tác dân vận"), ("Y tế", "công tác phòng, chống dịch bệnh"),
    ("Giáo dục", "phát triển giáo dục và đào tạo"), ("Giao thông", "bảo đảm trật tự, an toàn giao thông"),
    ("Du lịch", "phát triển du lịch cộng đồng"), ("Đất đai", "quản lý nhà nước về đất đai"),
    ("Tài chính", "quản lý, sử dụng ngân sách nhà nước"),
    ("Nông nghiệp", "phát triển sản xuất nông nghiệp hàng hóa"), ("Cải cách hành chính", "cải cách hành chính"),
    ("Thương mại", "quản lý chợ và hoạt động thương mại"), ("Lâm nghiệp", "quản lý, bảo vệ và phát triển rừng"),
    ("Lao động - Xã hội", "giảm nghèo bền vững"), ("Chuyển đổi số", "chuyển đổi số"),
    ("Phòng, chống thiên tai", "phòng, chống thiên tai và tìm kiếm cứu nạn"),
    ("Phòng cháy, chữa cháy", "phòng cháy, chữa cháy"), ("Tiếp công dân", "tiếp công dân, giải quyết khiếu nại, tố cáo"),
    ("Thể dục thể thao", "phát triển phong trào thể dục, thể thao"),
    ("Văn hóa", "xây dựng đời sống văn hóa ở khu dân cư"), ("Quốc phòng - An ninh", "bảo đảm an ninh, trật tự"),
    ("Tài nguyên - Môi trường", "bảo vệ môi trường"), ("Xây dựng Đảng", "xây dựng, chỉnh đốn Đảng"),
    ("Nông thôn mới", "xây dựng nông thôn mới"),
]

# How each kind of issuer numbers its documents. "{n}": the number in the year's book (zero-padded below 10),
# "{y}": the year (legal instruments: 15/2024/QĐ-UBND), "{d}": a department of the issuing office.
# For each type: (weight, number patterns, the highest number of the year).
_UBND = {
    "Quyết định": (35, ["{n}/QĐ-UBND", "{n}/QĐ-UBND", "{n}/QĐ-UBND", "{n}/{y}/QĐ-UBND"], 3000),
    "Kế hoạch": (20, ["{n}/KH-UBND"], 300),
    "Chỉ thị": (5, ["{n}/CT-UBND"], 25),
    "Thông báo": (12, ["{n}/TB-UBND"], 450),
    "Công văn": (18, ["{n}/UBND-{d}"], 2600),
    "Báo cáo": (10, ["{n}/BC-UBND"], 500),
}
ISSUERS = [
    dict(name="UBND thị xã Mây Ngàn", cited=["UBND thị xã", "UBND thị xã Mây Ngàn"], weight=45, types=_UBND,
         departments=["VP", "KT", "VX", "NV", "TNMT", "TCKH"],
         signers=[["Chủ tịch Nông Văn Thái", "Phó Chủ tịch Đinh Thị Ngọc", "Phó Chủ tịch Phạm Đức Long"],
                  ["Chủ tịch Hoàng Văn An", "Phó Chủ tịch Lục Thị Hằng", "Phó Chủ tịch Phạm Đức Long"]]),
    dict(name="Thị ủy Mây Ngàn", cited=["Ban Thường vụ Thị ủy", "Thị ủy Mây Ngàn", "Thị ủy"], weight=18,
         types={
             "Nghị quyết": (10, ["{n}-NQ/TU"], 40), "Chỉ thị": (8, ["{n}-CT/TU"], 50),
             "Kế hoạch": (25, ["{n}-KH/TU"], 250), "Quy chế": (7, ["{n}-QC/TU"], 30),
             "Thông báo": (20, ["{n}-TB/TU"], 500), "Báo cáo": (20, ["{n}-BC/TU"], 400),
             "Công văn": (10, ["{n}-CV/TU"], 1200),
         },
         signers=[["Bí thư Hà Minh Đức", "Phó Bí thư Thường trực Sùng A Lử", "Chánh Văn phòng Đỗ Thị Hạnh"],
                  ["Bí thư Lương Văn Khải", "Phó Bí thư Thường trực Sùng A Lử", "Chánh Văn phòng Đỗ Thị Hạnh"]]),
    dict(name="HĐND thị xã Mây Ngàn", cited=["HĐND thị xã", "HĐND thị xã Mây Ngàn"], weight=10,
         types={
             "Nghị quyết": (70, ["{n}/NQ-HĐND", "{n}/NQ-HĐND", "{n}/{y}/NQ-HĐND"], 80),
             "Báo cáo": (15, ["{n}/BC-HĐND"], 200), "Thông báo": (15, ["{n}/TB-HĐND"], 120),
         },
         signers=[["Chủ tịch HĐND Vàng Seo Chứ", "Phó Chủ tịch HĐND Trần Thị Bích"]] * 2),
    dict(name="UBND tỉnh Hoàng Sơn", cited=["UBND tỉnh", "UBND tỉnh Hoàng Sơn"], weight=10,
         types={
             "Quyết định": (50, ["{n}/QĐ-UBND", "{n}/{y}/QĐ-UBND"], 3500), "Kế hoạch": (20, ["{n}/KH-UBND"], 400),
             "Chỉ thị": (10, ["{n}/CT-UBND"], 30), "Công văn": (20, ["{n}/UBND-{d}"], 6000),
         },
         departments=["NLN", "KGVX", "TH", "KT"],
         signers=[["Chủ tịch Trịnh Quang Vinh", "Phó Chủ tịch Nguyễn Hữu Tâm"]] * 2),
] + [
    dict(name=f"UBND {unit}", cited=[f"UBND {unit}"], weight=17 / 12, types={
             "Quyết định": (35, ["{n}/QĐ-UBND"], 300), "Kế hoạch": (25, ["{n}/KH-UBND"], 150),
             "Thông báo": (20, ["{n}/TB-UBND"], 200), "Báo cáo": (20, ["{n}/BC-UBND"], 250),
         },
         signers=[[f"Chủ tịch {name}", f"Phó Chủ tịch {deputy}"]] * 2)
    for unit, name, deputy in zip(
        [f"phường {w}" for w in WARDS] + [f"xã {c}" for c in COMMUNES],
        ["Vi Văn Thắng", "Lò Văn Sơn", "Hà Thị Thu Trang", "Đặng Văn Khoa", "Lương Văn Hòa", "Hầu A Lềnh",
         "Thào Seo Chính", "Giàng A Tủa", "Lò Văn Piếng", "Sầm Văn Quý", "Vàng A Chư", "Nông Thị Liễu"],
        ["Trần Thị Loan", "Phạm Văn Tư", "Bùi Thị Nhàn", "Ma Văn Thuận", "Lý Thị Sen", "Sùng Thị Dua",
         "Vàng Thị Chi", "Lù Văn Sáng", "Tẩn Thị Mẩy", "Hoàng Văn Lợi", "Ly A Giàng", "Đinh Văn Hưng"])
]

DOC_TITLES = {
    "Quyết định": [
        "Về việc thành lập Ban Chỉ đạo {vv} {tx}",
        "Về việc phê duyệt Đề án {vv} giai đoạn {nam} - {nam_5}",
        "Về việc giao chỉ tiêu kế hoạch {vv} năm {nam_sau}",
        "Về việc phê duyệt báo cáo kinh tế - kỹ thuật công trình đường giao thông {thon}, {xa}",
        "Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong {vv} năm {nam}",
        "Về việc kiện toàn Tổ công tác {vv} {tx}",
    ],
    "Quyết định quy phạm": [
        "Ban hành Quy định {vv} trên địa bàn {tx}",
        "Ban hành Quy chế phối hợp trong {vv} trên địa bàn {tx}",
        "Sửa đổi, bổ sung một số điều của Quy định {vv} trên địa bàn {tx}",
    ],
    "Kế hoạch": [
        "Triển khai {vv} năm {nam}",
        "Thực hiện {vv} trên địa bàn {tx} năm {nam}",
        "Kiểm tra {vv} tại các xã, phường năm {nam}",
        "Tuyên truyền {vv} giai đoạn {nam} - {nam_5}",
    ],
    "Chỉ thị": [
        "Về tăng cường {vv}",
        "Về việc đẩy mạnh {vv} trong tình hình mới",
        "Về tăng cường sự lãnh đạo của cấp ủy, chính quyền đối với {vv}",
    ],
    "Nghị quyết": [
        "Về nhiệm vụ phát triển kinh tế - xã hội năm {nam_sau}",
        "Về dự toán thu, chi ngân sách địa phương năm {nam_sau}",
        "Quy định chính sách hỗ trợ {vv} trên địa bàn {tx}",
        "Về {vv} giai đoạn {nam} - {nam_5}",
    ],
    "Quy chế": [
        "Quy chế làm việc của Ban Chấp hành Đảng bộ thị xã",
        "Quy chế phối hợp trong {vv} của hệ thống chính trị thị xã",
        "Quy chế {vv} của hệ thống chính trị thị xã Mây Ngàn",
    ],
    "Thông báo": [
        "Kết luận của Thường trực về {vv}",
        "Kết luận tại buổi làm việc với {xa} về {vv}",
        "Về việc tổ chức hội nghị sơ kết {vv} năm {nam}",
        "Lịch tiếp công dân định kỳ của lãnh đạo năm {nam}",
    ],
    "Công văn": [
        "V/v tăng cường {vv}",
        "V/v triển khai {vv} năm {nam}",
        "V/v báo cáo kết quả {vv} năm {nam}",
        "V/v hướng dẫn {vv} tại {xa}",
    ],
    "Báo cáo": [
        "Kết quả {vv} năm {nam}",
        "Tình hình kinh tế - xã hội 6 tháng đầu năm {nam}",
        "Sơ kết thực hiện {vv} năm {nam}",
        "Tổng kết {vv} giai đoạn {nam_truoc_5} - {nam}",
    ],
}

DOC_SENTENCES = [
    "Giao {co_quan} chủ trì, phối hợp với các cơ quan liên quan hướng dẫn, kiểm tra, đôn đốc việc thực hiện.",
    "Các phòng, ban chuyên môn và UBND các xã, phường căn cứ chức năng, nhiệm vụ tổ chức thực hiện, báo cáo "
    "kết quả trước ngày {ngay_bc} hằng năm.",
    "Văn bản nêu rõ mục tiêu, nhiệm vụ, giải pháp và phân công trách nhiệm cụ thể cho từng cơ quan, đơn vị "
    "trong {vv}.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách thị xã và các nguồn huy động hợp pháp khác.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời báo cáo để xem xét, "
    "giải quyết.",
    "Ưu tiên các thôn, bản đặc biệt khó khăn và vùng đồng bào dân tộc thiểu số của {xa}.",
]
CO_QUAN = ["Văn phòng HĐND và UBND thị xã", "Phòng Kinh tế", "Phòng Văn hóa - Thông tin", "Phòng Nội vụ",
           "Phòng Tài chính - Kế hoạch", "Phòng Tài nguyên và Môi trường", "Phòng Giáo dục và Đào tạo",
           "Ban Dân vận Thị ủy", "Ban Tuyên giáo Thị ủy", "Trung tâm Y tế thị xã", "Công an thị xã"]

DOC_START = START.date()
DOC_END = END.date()


@dataclasses.dataclass
class Doc:
    """One generated document of the register."""

    number: str
    type: str
    issuer: dict
    issued: dt.date
    title: str
    field: str | None
    topic: str  # what it is about, for sentences
    effective: dt.date | None = None
    expires: dt.date | None = None
    signer: str | None = None
    replaces: "Doc | None" = None
    date_form: int = 0  # 0: "15/03/2024", 1: "2024-03-15"

    @property
    def slug(self) -> str:
        return slugify(self.number, max_words=20)

    @property
    def path(self) -> str:
        return f"{DOCUMENTS_DIR}/{self.issued.year}/{slugify(self.type)}-{self.slug}.md"

    @property
    def file(self) -> str:
        return f"{DOCUMENT_FILES_DIR}/{self.slug}.pdf"


def _doc_date(day: dt.date, form: int) -> str:
    return f'"{day:%d/%m/%Y}"' if form == 0 else f'"{day:%Y-%m-%d}"'


def _cited_date(rng: random.Random, day: dt.date) -> str:
    """A date as a sentence writes it: 12/3/2025 or 12/03/2025."""
    return f"{day.day}/{day.month}/{day.year}" if rng.random() < 0.6 else f"{day:%d/%m/%Y}"


def tiny_pdf(label: str) -> bytes:
    """A one-page PDF of a few hundred bytes that says `label` (ASCII), with a correct cross-reference table."""
    text = label.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 14 Tf 72 770 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _number(rng: random.Random, issuer: dict, patterns: list[str], top: int, year: int,
            taken: set[str]) -> str:
    """A number of the issuer's book for `year`, not yet used (by its slug, which also keeps files apart)."""
    for attempt in range(1000):
        pattern = rng.choice(patterns)
        limit = min(40, top) if "{y}" in pattern else top
        limit *= 2 ** (attempt // 50)  # a book this full: larger numbers
        n = rng.randint(1, limit)
        number = pattern.format(n=f"{n:02d}", y=year, d=rng.choice(issuer.get("departments", ["VP"])))
        if slugify(number, max_words=20) not in taken:
            taken.add(slugify(number, max_words=20))
            return number
    raise RuntimeError("no free document number")  # not reached: the limit doubles every 50 attempts


def make_documents(count: int, seed: int) -> list[Doc]:
    """`count` documents issued over the same ten years as the articles, oldest first."""
    rng = random.Random(f"{seed}:documents")
    span = (DOC_END - DOC_START).days
    days = sorted(DOC_START + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(count))
    weights = [i["weight"] for i in ISSUERS]
    taken: set[str] = set()
    docs: list[Doc] = []
    earlier: dict[tuple[str, str], list[Doc]] = {}  # (issuer, type) -> documents so far
    replaced: set[int] = set()
    for day in days:
        issuer = rng.choices(ISSUERS, weights)[0]
        types = list(issuer["types"])
        kind = rng.choices(types, [issuer["types"][t][0] for t in types])[0]
        _, patterns, top = issuer["types"][kind]
        number = _number(rng, issuer, patterns, top, day.year, taken)
        field, topic = rng.choice(DOC_FIELDS)
        templates = DOC_TITLES["Quyết định quy phạm" if f"/{day.year}/" in number else kind]
        slots = {
            "vv": topic, "tx": TOWN, "nam": str(day.year), "nam_sau": str(day.year + 1),
            "nam_5": str(day.year + 4), "nam_truoc_5": str(day.year - 5),
            "xa": f"xã {rng.choice(COMMUNES)}", "thon": rng.choice(VILLAGES),
        }
        title = cap(_SLOT.sub(lambda m: slots[m.group(1)], rng.choice(templates)))
        signers = issuer["signers"][0 if day.year < 2021 else 1]
        doc = Doc(number=number, type=kind, issuer=issuer, issued=day, title=title,
                  field=field if rng.random() < 0.9 else None, topic=topic,
                  signer=rng.choice(signers) if rng.random() < 0.85 else None,
                  date_form=0 if rng.random() < 0.8 else 1)
        lasting = kind in ("Quyết định", "Nghị quyết", "Quy chế", "Chỉ thị")
        if rng.random() < (0.7 if lasting else 0.15 if kind == "Kế hoạch" else 0):
            choice = rng.random()
            if choice < 0.4:
                doc.effective = day
            elif choice < 0.7:
                doc.effective = day + dt.timedelta(days=10)
            elif kind == "Nghị quyết":
                doc.effective = dt.date(day.year + 1, 1, 1)
            else:
                doc.effective = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        if (lasting or kind == "Kế hoạch") and rng.random() < 0.15:
            years = 0 if kind == "Kế hoạch" else rng.randint(2, 5)
            expires = dt.date(day.year + years, 12, 31)
            if expires > day and (doc.effective is None or expires > doc.effective):
                doc.expires = expires
        if rng.random() < 0.11:
            pool = [d for d in earlier.get((issuer["name"], kind), ())
                    if id(d) not in replaced and (day - d.issued).days >= 30]
            if pool:
                doc.replaces = rng.choice(pool[-20:])  # a recent one
                replaced.add(id(doc.replaces))
        earlier.setdefault((issuer["name"], kind), []).append(doc)
        docs.append(doc)
    return docs


def _ref(rng: random.Random, doc: Doc, lower_type: bool = True) -> str:
    """How a sentence names `doc`: type, number (sometimes spelled otherwise), date and issuer."""
    number = doc.number
    spelling = rng.random()
    if spelling < 0.1:
        number = number.lower()
    elif spelling < 0.2 and "Đ" in number:
        number = number.replace("Đ", "D")  # typed without the Vietnamese keyboard
    elif spelling < 0.23 and "-" in number:
        head, _, tail = number.rpartition("-")
        number = f"{head} - {tail}"
    kind = doc.type.lower() if lower_type and rng.random() < 0.1 else doc.type
    form = rng.random()
    if form < 0.45:
        return f"{kind} số {number} ngày {_cited_date(rng, doc.issued)} của {rng.choice(doc.issuer['cited'])}"
    if form < 0.8:
        return f"{kind} số {number}"
    return f"{kind} {number}"


CITING = {  # sentences that cite one, two or three documents ({r1}, {r2}, {r3})
    1: [
        "Thực hiện {r1}, {dv} đã xây dựng kế hoạch chi tiết, phân công cụ thể cho từng thôn, bản và tổ dân phố.",
        "Căn cứ {r1}, UBND thị xã giao các phòng, ban chuyên môn hướng dẫn cơ sở triển khai, báo cáo kết quả "
        "trước ngày {ngay_bc}.",
        "Các nội dung trên được triển khai theo {r1}.",
        "Theo {r1}, các cơ quan, đơn vị phải hoàn thành nhiệm vụ được giao trong năm {nam}.",
        "Hội nghị đã quán triệt những nội dung chính của {r1}.",
        "Đây là một trong những nhiệm vụ trọng tâm được nêu trong {r1}.",
        "{can_bo} đề nghị các đơn vị bám sát {r1} để tổ chức thực hiện.",
    ],
    2: [
        "Thực hiện {r1} và {r2}, {xa} đã thành lập tổ công tác do Chủ tịch UBND xã làm tổ trưởng.",
        "Hội nghị cũng quán triệt {r1}, đồng thời hướng dẫn triển khai {r2}.",
        "Việc triển khai căn cứ vào {r1}; kinh phí thực hiện theo {r2}.",
    ],
    3: [
        "Cơ sở để triển khai là {r1}, {r2} và {r3}.",
        "Thực hiện {r1}, {r2} và {r3}, thị xã đã cụ thể hóa thành các chương trình, kế hoạch hằng năm.",
    ],
}


def cite_documents(body: str, w: Writer, docs: list[Doc]) -> tuple[str, int]:
    """The body with sentences citing `docs` added to some of its plain paragraphs; and how many mentions."""
    rng = w.rng
    blocks = body.rstrip("\n").split("\n\n")
    plain = [i for i, b in enumerate(blocks)
             if b and b[0] not in "#-|*[" and not re.match(r"\d+\. ", b) and "\n" not in b and ': "' not in b]
    todo = list(docs)
    while todo:
        size = rng.choice([k for k in CITING if k <= len(todo)])
        group, todo = todo[:size], todo[size:]
        refs = {f"r{i}": _ref(rng, d) for i, d in enumerate(group, start=1)}
        template = re.sub(r"\{(r\d)\}", lambda m: refs[m.group(1)], rng.choice(CITING[size]))
        sentence = w.fill(template)  # the references hold no braces: only the template's own slots are filled
        if not plain:
            blocks.append(sentence)
            continue
        i = rng.choice(plain[1:] or plain)
        blocks[i] = f"{sentence} {blocks[i]}" if rng.random() < 0.4 else f"{blocks[i]} {sentence}"
    return "\n\n".join(blocks) + "\n", len(docs)


def document_text(doc: Doc, seed: int) -> tuple[str, int]:
    """The document's Markdown file, and how many mentions of other documents its body makes."""
    rng = random.Random(f"{seed}:document:{doc.number}")
    lines = [
        "---",
        f"number: {json.dumps(doc.number, ensure_ascii=False)}",
        f"type: {doc.type}",
        f"issuer: {doc.issuer['name']}",
        f"issued: {_doc_date(doc.issued, doc.date_form)}",
    ]
    if doc.effective:
        lines.append(f"effective: {_doc_date(doc.effective, doc.date_form)}")
    if doc.expires:
        lines.append(f"expires: {_doc_date(doc.expires, doc.date_form)}")
    lines.append(f"title: {yaml_scalar(doc.title)}")
    if doc.signer:
        lines.append(f"signer: {doc.signer}")
    if doc.field:
        lines.append(f"field: {doc.field}")
    if doc.replaces:
        lines += ["replaces:", f"  - {json.dumps(doc.replaces.number, ensure_ascii=False)}"]
    lines += ["files:", f"  - {doc.file}", "---"]
    slots = {"co_quan": rng.choice(CO_QUAN), "vv": doc.topic, "xa": f"xã {rng.choice(COMMUNES)}",
             "ngay_bc": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}"}
    sentences = [_SLOT.sub(lambda m: slots[m.group(1)], s) for s in rng.sample(DOC_SENTENCES, rng.randint(1, 3))]
    paragraphs = [" ".join(sentences)]
    mentions = 0
    last = []
    if doc.effective:
        last.append(f"{doc.type} có hiệu lực kể từ ngày {doc.effective:%d/%m/%Y}")
    if doc.replaces:
        old = doc.replaces
        last.append(f"thay thế {old.type} số {old.number} ngày {old.issued:%d/%m/%Y} của {old.issuer['name']}")
        mentions += 1
    if last:
        paragraphs.append(cap(" và ".join(last) if doc.effective else f"{doc.type} này {last[0]}") + ".")
    return "\n".join(lines) + "\n\n" + "\n\n".join(paragraphs) + "\n", mentions


def article_citations(docs: list[Doc], date: dt.datetime, n: int, seed: int) -> tuple[random.Random, list[Doc]]:
    """Which documents article `n` cites (about 30% of articles cite 1–3 documents issued before it, most
    within the three years before), drawn from a random stream of their own so that the articles' other
    text is the same with or without documents."""
    rng = random.Random(f"{seed}:cites:{n}")
    if not docs or rng.random() >= 0.3:
        return rng, []
    issued = [d.issued for d in docs]
    hi = bisect.bisect_left(issued, date.date())
    lo = bisect.bisect_left(issued, date.date() - dt.timedelta(days=3 * 365))
    count = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
    if hi - lo < count:
        lo = 0
    if hi == 0:
        return rng, []
    return rng, [docs[i] for i in rng.sample(range(lo, hi), min(count, hi - lo))]


# -- the site ----------------------------------------------------------------------------------------------

INDEX = """---
title: Trang chủ
---

Chào mừng bạn đọc đến với Cổng thông tin điện tử thị xã Mây Ngàn, tỉnh Hoàng Sơn. Tại đây, Ban biên tập cập nhật
thường xuyên tin tức về hoạt động của chính quyền, các chương trình phát triển kinh tế - xã hội và đời sống
của nhân dân các xã, phường trên địa bàn thị xã.
"""

ABOUT = """---
title: Giới thiệu
---

# Giới thiệu thị xã Mây Ngàn

Thị xã Mây Ngàn nằm ở phía tây bắc tỉnh Hoàng Sơn, giữa hai dãy núi cao quanh năm mây phủ. Thị xã có diện tích
tự nhiên khoảng 412,6 km², dân số hơn 68.500 người, gồm các dân tộc Kinh, Tày, Mông, Dao và Giáy cùng chung sống.

## Đơn vị hành chính

Thị xã có 12 đơn vị hành chính cấp xã, gồm 4 phường và 8 xã:

| Loại | Tên |
|---|---|
| Phường | {wards} |
| Xã | {communes} |

## Tiềm năng phát triển

Mây Ngàn nổi tiếng với những đồi chè shan tuyết cổ thụ, ruộng bậc thang và khí hậu mát mẻ quanh năm. Thị xã
định hướng phát triển nông nghiệp hàng hóa gắn với du lịch sinh thái, du lịch cộng đồng; từng bước xây dựng
đô thị xanh, văn minh, giàu bản sắc.

## Liên hệ

- Địa chỉ: Số 1 đường Ngàn Thông, phường Suối Mây, thị xã Mây Ngàn, tỉnh Hoàng Sơn
- Thư điện tử: banbientap@mayngan.example.vn
""".replace("{wards}", ", ".join(WARDS)).replace("{communes}", ", ".join(COMMUNES))


def site_config() -> str:
    """The repository's mkdocs.yml, with the corpus' docs_dir and the theme by absolute path."""
    text = BASE_CONFIG.read_text(encoding="utf-8")
    text, docs = re.subn(r"(?m)^docs_dir:.*$", "docs_dir: content", text)
    if not docs:
        text = "docs_dir: content\n" + text
    text, custom = re.subn(r"(?m)^(\s+)custom_dir:.*$",
                           lambda m: f"{m.group(1)}custom_dir: {json.dumps(str(THEME_DIR))}", text)
    if custom != 1:
        raise SystemExit(f"{BASE_CONFIG}: expected one `custom_dir:` line under `theme:`, found {custom}")
    return text


def _repository_content() -> Path:
    """The repository's own content folder (its mkdocs.yml's docs_dir)."""
    docs = re.search(r"(?m)^docs_dir:\s*[\"']?([^\"'#\s]+)", BASE_CONFIG.read_text(encoding="utf-8"))
    return BASE_CONFIG.parent / (docs.group(1) if docs else "docs")


def config_assets() -> list[str]:
    """The files of the repository's content folder that its mkdocs.yml names (`logo:`, `favicon:`: the
    agency's emblem, which a build requires), as paths under that folder. Every corpus gets a copy."""
    content, found = _repository_content(), []
    for match in re.finditer(r"(?m)^\s+(?:logo|favicon):\s*[\"']?([^\"'#\s]+)",
                             BASE_CONFIG.read_text(encoding="utf-8")):
        path = match.group(1)
        if "://" not in path and (content / path).is_file() and path not in found:
            found.append(path)
    return found


def copy_config_assets(content_dir: Path) -> None:
    """Put config_assets() into a corpus's content folder, at the same paths."""
    for path in config_assets():
        (content_dir / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_repository_content() / path, content_dir / path)


def fingerprint() -> str:
    """Changes whenever the generator, the repository's mkdocs.yml or a file it names changes: an old corpus
    is then stale."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(BASE_CONFIG.read_bytes())
    for path in config_assets():
        digest.update(path.encode("utf-8") + b"\0" + (_repository_content() / path).read_bytes())
    return digest.hexdigest()[:16]


def read_marker(out_dir: Path) -> dict | None:
    try:
        return json.loads((out_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def generate(count: int, out_dir: Path, seed: int = DEFAULT_SEED, documents: int = 0) -> dict:
    """Write the whole site, with `documents` documents in the register; returns the marker's content."""
    out_dir = Path(out_dir)
    content = out_dir / "content"
    if out_dir.exists() and any(out_dir.iterdir()) and read_marker(out_dir) is None:
        raise SystemExit(f"{out_dir}: exists and is not a corpus written by this script; choose an empty folder")
    (out_dir / MARKER).unlink(missing_ok=True)
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    (out_dir / "mkdocs.yml").write_text(site_config(), encoding="utf-8")
    (content / "index.md").write_text(INDEX, encoding="utf-8")
    (content / "gioi-thieu.md").write_text(ABOUT, encoding="utf-8")
    copy_config_assets(content)

    docs = make_documents(documents, seed) if documents else []
    mentions = 0
    made = set()
    if docs:
        (content / DOCUMENT_FILES_DIR).mkdir(parents=True)
    for doc in docs:
        folder = (content / doc.path).parent
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        text, cited = document_text(doc, seed)
        mentions += cited
        (content / doc.path).write_text(text, encoding="utf-8")
        (content / doc.file).write_bytes(tiny_pdf(f"{doc.type} {doc.number}".replace("Đ", "D")))

    dates = article_dates(count, seed)
    pick = random.Random(f"{seed}:featured")
    newest = list(range(max(0, count - 8), count))
    featured = set(pick.sample(newest, min(5, len(newest))))
    form = random.Random(f"{seed}:forms")
    for i, date in enumerate(dates):
        cites = article_citations(docs, date, i + 1, seed) if docs else None
        mentions += len(cites[1]) if cites else 0
        path, text = article(i + 1, date, _date_field(form, date), i in featured, seed, cites)
        folder = (content / path).parent
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        (content / path).write_text(text, encoding="utf-8")

    # `mentions`: the citations of registered numbers written into bodies (articles' and documents'), each
    # of which the build should turn into one link.
    marker = {"n": count, "seed": seed, "documents": documents, "fingerprint": fingerprint(),
              "mentions": mentions}
    (out_dir / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
    return marker


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path, help="folder to write the site into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--documents", metavar="M", type=int, default=0,
                        help="also write M documents of the register (văn bản) into content/van-ban/, and cite "
                             "some of them in about 30%% of the articles (default 0)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("n must be 0 or more")
    if args.documents < 0:
        parser.error("--documents must be 0 or more")
    start = time.perf_counter()
    marker = generate(args.n, args.out_dir, args.seed, args.documents)
    seconds = time.perf_counter() - start
    rate = f", {args.n / seconds:,.0f} articles/s" if seconds > 0 and args.n else ""
    docs = f" and {args.documents} documents ({marker['mentions']} citations)" if args.documents else ""
    print(f"{args.n} articles{docs} → {args.out_dir} in {seconds:.2f} s{rate}", file=sys.stderr)


if __name__ == "__main__":
    main()
